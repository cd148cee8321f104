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

/// What is kept per endpoint, looked up by the endpoint. A client talks to one endpoint
/// almost always: the entry found last is remembered, and comparing with it costs less than
/// hashing the endpoint's strings on each look-up (several a request).
template <class Value>
class endpoint_map {
  using map = std::unordered_map<endpoint, Value, endpoint_hash, endpoint_equal>;

 public:
  /// The entry for `ep`, made empty if there was none.
  Value& operator[](const endpoint& ep) {
    if (last_ == nullptr || !endpoint_equal{}(last_->first, ep)) last_ = &*entries_.try_emplace(ep).first;
    return last_->second;
  }

  /// The entry for `ep`, or null.
  Value* find(const endpoint& ep) {
    if (last_ != nullptr && endpoint_equal{}(last_->first, ep)) return &last_->second;
    const auto it = entries_.find(ep);
    if (it == entries_.end()) return nullptr;
    last_ = &*it;
    return &it->second;
  }

  void clear() {
    last_ = nullptr;
    entries_.clear();
  }

  auto begin() { return entries_.begin(); }
  auto end() { return entries_.end(); }

 private:
  map entries_;
  typename map::value_type* last_ = nullptr;  ///< nodes stay put until erased (only clear())
};

}  // namespace ddbkit::http::detail
