package cloudsim

import (
	"encoding/binary"
	"net/netip"
)

// parseCIDR parses an IPv4 CIDR block and returns its masked prefix.
func parseCIDR(s string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

// contains reports whether inner lies entirely inside outer.
func contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// overlaps reports whether two prefixes share an address.
func overlaps(a, b netip.Prefix) bool { return a.Overlaps(b) }

// u32 and fromU32 convert IPv4 addresses to and from integers.
func u32(a netip.Addr) uint32 { b := a.As4(); return binary.BigEndian.Uint32(b[:]) }
func fromU32(n uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], n)
	return netip.AddrFrom4(b)
}

// lastAddr returns the last address of p.
func lastAddr(p netip.Prefix) netip.Addr {
	return fromU32(u32(p.Addr()) | (^uint32(0) >> p.Bits()))
}

// reserved reports whether addr is one of a vSwitch's reserved addresses: the first IP and the last
// three IPs of its CIDR block (facts: vpc/switch "Reserved addresses (API doc, CreateVSwitch)").
func reserved(p netip.Prefix, addr netip.Addr) bool {
	first, last := u32(p.Addr()), u32(lastAddr(p))
	n := u32(addr)
	return n == first || n+3 > last
}

// firstFree returns the first address of p that is neither reserved nor in used.
func firstFree(p netip.Prefix, used map[string]bool) (string, bool) {
	first, last := u32(p.Addr()), u32(lastAddr(p))
	for n := first + 1; n+3 <= last; n++ {
		a := fromU32(n).String()
		if !used[a] {
			return a, true
		}
	}
	return "", false
}
