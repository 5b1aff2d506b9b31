"""Which network addresses a tool may connect to when it follows a URL from outside.

A catalogue URL or a partner's page can name, or redirect to, a host that resolves to this machine or to the
private network it runs in (a cloud metadata service, a router's admin page). Tools that fetch such URLs ask
`refusal` about every address they are about to connect to.
"""

from __future__ import annotations

import ipaddress


def refusal(address: str, *, allow_loopback: bool = False) -> str | None:
    """Why a tool must not connect to ``address`` (an IPv4 or IPv6 address), or None if it is public.

    Args:
        address: The address a host name resolved to (or an address written in a URL).
        allow_loopback: Accept this machine's loopback addresses (127.0.0.0/8, ::1); tests that serve
            fixtures on 127.0.0.1 need it, production runs never set it.

    Returns:
        A few words for a message (``"a private address"``), or None when the address is public.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address (this machine)"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None
