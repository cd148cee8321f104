#pragma once
// Internal: a map from an endpoint (scheme, host, port) to what is kept for it, looked up
// with the endpoint itself: the connection pools find their endpoint's connections on every
// request, and a key string built per request cost allocations there.
#include <ddbkit/http/endpoint.hpp>

#include <cstddef>
#include <functional>
#include <string_view>
#include <unordered_map>

namespace ddbkit::http::detail {

struct endpoint_hash {
  std::size_t operator()(const endpoint& ep) const noexcept {
    const std::size_t h = std::hash<std::string_view>{}(ep.host);
    return h ^ (std::hash<std::string_view>{}(ep.scheme) << 1) ^ (static_cast<std::size_t>(ep.port) << 17);
  }
};

struct endpoint_equal {
  bool operator()(const endpoint& a, const endpoint& b) const noexcept {
    return a.port == b.port && a.host == b.host && a.scheme == b.scheme;
  }
};

template <class Value>
using endpoint_map = std::unordered_map<endpoint, Value, endpoint_hash, endpoint_equal>;

}  // namespace ddbkit::http::detail
