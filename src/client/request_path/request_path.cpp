#include "client/request_path/request_path.hpp"

namespace ddbkit::detail {

request_path::request_path(const request_path_parts& parts, delivery to, request_runtime runtime)
    : runtime_(std::move(runtime)),
      signing_(parts.target, parts.credentials, parts.signing_keys, to, runtime_),
      response_(signing_),
      budget_(parts.budget, runtime_, response_),
      // Without a budget its stage is left out: no coroutine frame per request for nothing.
      send_rate_(parts.limiter, parts.quota, runtime_,
                 parts.budget != nullptr ? static_cast<attempt_stage&>(budget_) : response_),
      retry_(send_rate_, parts.observers, runtime_, send_rate_),
      breaker_(parts.breaker, parts.target.endpoint.url(), parts.observers, runtime_, retry_),
      observe_(parts.observers, runtime_, breaker_) {}

}  // namespace ddbkit::detail
