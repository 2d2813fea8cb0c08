import { getInputProps, getSelectProps, type FieldMetadata } from '@conform-to/react'
import { PLACE_KIND_LABELS, TOS_LEVEL_LABELS, TOS_LEVELS } from '../../../db/schema/enums'
import { Field, SelectField } from '~/components/ui/field'
import { ADDRESS_MAX, FIELD_HEADERS, LISTS, NAME_MAX, ORGANISATION_LIST_KINDS, type DirectoryList } from '~/modules/directory/lists'

type Fields = Record<'name' | 'kind' | 'level' | 'district' | 'parent' | 'parentId' | 'address', FieldMetadata<string | undefined>>
type Place = { id: number; name: string; kind: string }

/**
 * The fields of one directory item, as the list needs them. Values are what the files hold (a
 * district's name, a level's label), so the form and an imported row are read by the same rules.
 */
export function ItemFields({ list, fields, places }: { list: DirectoryList; fields: Fields; places: Place[] }) {
  const has = (f: keyof Fields) => LISTS[list].fields.includes(f)
  const districts = list === 'districts' ? places.filter((p) => p.kind === 'district') : places
  return (
    <>
      <Field label={FIELD_HEADERS.name} errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), maxLength: NAME_MAX, required: true }} />
      {list === 'districts' || list === 'organisations' ? (
        <SelectField label={FIELD_HEADERS.kind} errors={fields.kind.errors} selectProps={getSelectProps(fields.kind)}>
          {Object.values(list === 'districts' ? PLACE_KIND_LABELS : ORGANISATION_LIST_KINDS).map((label) => (
            <option key={label} value={label}>
              {label}
            </option>
          ))}
        </SelectField>
      ) : null}
      {has('level') ? (
        <SelectField label={FIELD_HEADERS.level} errors={fields.level.errors} selectProps={getSelectProps(fields.level)}>
          {TOS_LEVELS.map((level) => (
            <option key={level} value={TOS_LEVEL_LABELS[level]}>
              {TOS_LEVEL_LABELS[level]}
            </option>
          ))}
        </SelectField>
      ) : null}
      <SelectField
        label={list === 'districts' ? 'Входит в район' : FIELD_HEADERS.district}
        hint={list === 'districts' ? 'Только для жилого района.' : undefined}
        errors={fields.district.errors}
        selectProps={getSelectProps(fields.district)}
      >
        <option value="">{list === 'districts' ? '— ни в какой —' : '— не указан —'}</option>
        {districts.map((p) => (
          <option key={p.id} value={p.name}>
            {p.name}
          </option>
        ))}
      </SelectField>
      {has('parent') ? (
        <>
          <Field
            label={FIELD_HEADERS.parent}
            hint="Для уличного — окружной комитет, для домового — уличный; у окружного поле пустое. Название, как в справочнике."
            errors={fields.parent.errors}
            inputProps={{ ...getInputProps(fields.parent, { type: 'text' }), maxLength: NAME_MAX }}
          />
          <Field
            label={FIELD_HEADERS.parentId}
            hint="Если комитетов с таким названием несколько."
            errors={fields.parentId.errors}
            inputProps={{ ...getInputProps(fields.parentId, { type: 'text' }), inputMode: 'numeric', maxLength: 12 }}
          />
        </>
      ) : null}
      {has('address') ? (
        <Field label={FIELD_HEADERS.address} errors={fields.address.errors} inputProps={{ ...getInputProps(fields.address, { type: 'text' }), maxLength: ADDRESS_MAX }} />
      ) : null}
    </>
  )
}
