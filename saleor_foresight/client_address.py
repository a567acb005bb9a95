"""Which address a request came from: the socket peer, or what trusted proxies say it saw.

A forwarded header (``FORESIGHT_TRUSTED_PROXY_HEADER``, e.g. ``X-Forwarded-For``) is believed
only when the socket peer is one of ``FORESIGHT_TRUSTED_PROXIES``. Each proxy appends the
address it received the request from, so the header is read right to left: hops that are
trusted proxies themselves are skipped, and the first address that is not one is the client.
Anything to its left was written by the client and proves nothing.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.datastructures import Headers

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR networks (``10.0.0.0/8``, ``::1``); a ValueError names a bad one."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network") from None
    return tuple(networks)


def client_address(
    peer: str | None, headers: Headers, header: str | None, proxies: Sequence[Network]
) -> str | None:
    """The client's address for a request from socket ``peer`` carrying ``headers``."""
    nearest = parse_address(peer) if peer else None
    if nearest is None:
        return peer or None
    if not header or not _trusted(nearest, proxies):
        return str(nearest)
    hops = [hop for value in headers.getlist(header) for hop in value.split(",")]
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:  # a hop no proxy of ours wrote: stop at the last one we trust
            break
        nearest = address
        if not _trusted(address, proxies):
            break
    return str(nearest)


def parse_address(text: str) -> Address | None:
    """An address from a header hop: ``203.0.113.9``, ``[2001:db8::1]:443``, ``203.0.113.9:80``."""
    value = text.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)
