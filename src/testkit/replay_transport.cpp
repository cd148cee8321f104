#include <ddbkit/testkit/replay_transport.hpp>

#include "async/complete.hpp"
#include "testkit/exchange_record.hpp"

#include <fstream>

namespace ddbkit::testkit {

result<std::shared_ptr<replay_transport>> replay_transport::open(boost::asio::any_io_executor executor,
                                                                 const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(error_code::validation, "replay: cannot read " + path.string());
  answers recorded;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto exchange = detail::parse_exchange_line(line);
    if (!exchange) {
      return fail(error_code::validation,
                  "replay: " + path.string() + " line " + std::to_string(number) + ": " + std::string(exchange.error().message()));
    }
    recorded[{std::move(exchange->operation), std::move(exchange->canonical_request)}].push_back(
        std::move(exchange->outcome));
  }
  return std::make_shared<replay_transport>(std::move(executor), std::move(recorded));
}

replay_transport::replay_transport(boost::asio::any_io_executor executor, answers recorded)
    : executor_(std::move(executor)), answers_(std::move(recorded)) {}

void replay_transport::async_send(const http::endpoint&, http::request req, std::chrono::milliseconds, handler h) {
  const std::string operation(detail::dynamodb_operation(req));
  auto key = std::make_pair(operation, detail::canonical_body(req.body));
  result<http::response> outcome = std::unexpected(error(error_code::unknown, ""));
  {
    std::lock_guard lock(mutex_);
    auto found = answers_.find(key);
    if (found != answers_.end() && !found->second.empty()) {
      outcome = std::move(found->second.front());
      found->second.pop_front();
    } else {
      constexpr std::size_t shown = 400;
      const bool cut = key.second.size() > shown;
      outcome = fail(error_code::validation,
                     "replay: no recorded answer " + std::string(found == answers_.end() ? "" : "left ") + "for " +
                         (operation.empty() ? std::string("a request that is not DynamoDB's") : operation) + " " +
                         key.second.substr(0, shown) + (cut ? "..." : ""));
    }
  }
  ddbkit::detail::complete_later(executor_, std::move(h), std::move(outcome));
}

std::size_t replay_transport::unused() const {
  std::lock_guard lock(mutex_);
  std::size_t left = 0;
  for (const auto& [key, queue] : answers_) left += queue.size();
  return left;
}

}  // namespace ddbkit::testkit
