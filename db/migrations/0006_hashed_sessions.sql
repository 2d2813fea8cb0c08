-- Session ids are kept as their SHA-256 from now on (docs/decisions/024): sessions stored by their ids
-- cannot be found any more and are ended; everyone signs in again once.
DELETE FROM "session";
