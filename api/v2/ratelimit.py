"""Provides the RateLimit headers of the IETF draft draft-ietf-httpapi-ratelimit-headers (revision 10).

`RateLimit-Policy: "api_key";q=1200;w=60` states the quota and the window in seconds;
`RateLimit: "api_key";r=1187;t=42` the requests remaining and the seconds until the
window resets. Both are Structured Fields (RFC 8941): lists of one string item with
integer parameters. v1 is frozen, so only v2 sends them.
"""


def policy_header(quota) -> str:
    return f'"{quota.policy}";q={quota.limit};w={quota.window}'


def ratelimit_header(quota) -> str:
    return f'"{quota.policy}";r={quota.remaining};t={quota.reset}'


class RateLimitHeadersMixin:
    """Adds the headers to every answer whose request a throttle measured (api.throttling's Quota)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        quota = getattr(request, "quota", None)
        if quota is not None:
            response["RateLimit-Policy"] = policy_header(quota)
            if quota.remaining is not None:  # unknown while the cache is unreachable
                response["RateLimit"] = ratelimit_header(quota)
        return response
