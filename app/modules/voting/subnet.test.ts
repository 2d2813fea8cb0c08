import { describe, expect, it } from 'vitest'
import { subnetOf } from './clusters.server'

describe('subnetOf', () => {
  it('gives IPv4 /24 (also for an IPv4-mapped IPv6 address), IPv6 /64, and null for what is not an address', () => {
    expect(subnetOf('203.0.113.7')).toBe('203.0.113.0/24')
    expect(subnetOf('::ffff:203.0.113.7')).toBe('203.0.113.0/24')
    expect(subnetOf('2001:db8:0:1::42')).toBe('2001:db8:0:1::/64')
    expect(subnetOf('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(subnetOf('не адрес')).toBeNull()
  })
})
