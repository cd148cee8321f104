// `ddbkit config`: the resolved configuration and where each setting came from, like
// `aws configure list`.
#include "commands.hpp"

#include <ddbkit/configuration.hpp>

#include <algorithm>
#include <chrono>
#include <future>
#include <iostream>
#include <vector>

namespace ddbkit::cli {
namespace {

/// The key id as the AWS CLI shows it: all but the last four characters masked.
std::string masked(std::string_view key_id) {
  const std::size_t shown = std::min<std::size_t>(4, key_id.size());
  return std::string(16, '*') + std::string(key_id.substr(key_id.size() - shown));
}

/// The access key id the client will sign with (asking the credentials source once), or
/// why there is none.
std::string access_key_of(client& ddb) {
  auto promise = std::make_shared<std::promise<result<credentials>>>();
  auto answer = promise->get_future();
  ddb.options().credentials->async_get_credentials(
      [promise](result<credentials> r) { promise->set_value(std::move(r)); });
  // The providers bound their own requests; this only keeps a hung one from hanging us.
  if (answer.wait_for(std::chrono::seconds(30)) != std::future_status::ready) return "<timed out>";
  auto found = answer.get();
  if (!found) return "<none: " + std::string(found.error().message()) + ">";
  return masked(found->access_key_id);
}

}  // namespace

int print_configuration(const configuration& config, client& ddb) {
  const std::string endpoint = config.endpoint.value.empty() ? ddb.options().resolve_endpoint()->url()
                                                             : config.endpoint.value;
  const std::vector<std::pair<std::string_view, configured_value>> rows = {
      {"profile", config.profile},
      {"region", config.region},
      {"endpoint", {endpoint, config.endpoint.origin}},
      {"max attempts", config.max_attempts},
      {"retry mode", config.retry_mode},
      {"backoff", config.backoff},
      {"credentials", config.credentials},
      {"access key", {access_key_of(ddb), ""}},
  };
  std::size_t width = 0;
  for (const auto& [name, setting] : rows) {
    if (!setting.origin.empty()) width = std::max(width, setting.value.size());
  }
  for (const auto& [name, setting] : rows) {
    std::string line = std::string(name) + std::string(14 - name.size(), ' ') + setting.value;
    if (!setting.origin.empty()) line += std::string(width - setting.value.size() + 2, ' ') + setting.origin;
    std::cout << line << "\n";
  }
  return 0;
}

}  // namespace ddbkit::cli
