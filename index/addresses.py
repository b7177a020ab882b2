"""Which network addresses a fetched link may reach: global unicast only.

An IPv6 address can carry an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible
``::a.b.c.d``, 6to4 ``2002:aabb:ccdd::``, NAT64 ``64:ff9b::a.b.c.d``, Teredo); each carried
address must be global unicast too, or ``[::7f00:1]`` would reach loopback.
"""

from __future__ import annotations

import ipaddress
import socket

from index.errors import SourceError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _carried(address: ipaddress.IPv6Address) -> list[Address]:
    """The IPv4 addresses an IPv6 address stands for."""
    carried: list[Address] = []
    if address.ipv4_mapped is not None:
        carried.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        carried.append(address.sixtofour)
    if address.teredo is not None:
        carried.extend(address.teredo)
    if address in _NAT64 or address in _IPV4_COMPATIBLE:
        carried.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return carried


def is_public(address: Address) -> bool:
    """Whether ``address`` and every address it carries are global unicast."""
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64_LOCAL:
            return False
        return all(is_public(inner) for inner in _carried(address))
    return True


def resolve(host: str, port: int) -> list[Address]:
    """Every address ``host`` (a name or an address literal) stands for."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise SourceError(f"cannot resolve {host}") from exc
    found: dict[Address, None] = {}
    for info in infos:
        found[ipaddress.ip_address(str(info[4][0]).split("%")[0])] = None
    if not found:
        raise SourceError(f"cannot resolve {host}")
    return list(found)
