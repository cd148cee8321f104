// `ddbkit fault-proxy`: the test kit's fault-injection proxy as a stand-alone process, for
// trying an application against throttles, 5xx, resets, delays and partial batches.
#include "commands.hpp"
#include "exit_codes.hpp"

#include <ddbkit/testkit/fault_proxy.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <csignal>
#include <expected>
#include <iostream>
#include <optional>

namespace ddbkit::cli {
namespace {

struct settings {
  std::string upstream;
  std::uint16_t port = 0;
  std::uint64_t seed = 0;
  double throttle = 0, throttling = 0, error_5xx = 0, reset = 0, reset_after = 0, unprocessed = 0;
  double forward_share = 0.5;
  int delay_ms = 0;
  double delay_probability = 1.0;
  std::string operation, table;
  std::vector<std::string> scripts;  // "KIND:N[,N...]"
};

/// "throttle, throttling, ...": every kind's name, for help and errors.
std::string kind_names() {
  std::string names;
  for (std::size_t k = 0; k < testkit::fault_kind_count; ++k) {
    if (k > 0) names += ", ";
    names += to_string(static_cast<testkit::fault_kind>(k));
  }
  return names;
}

/// The action a kind name stands for, with the delay and batch share of the settings.
std::optional<testkit::fault_action> action_named(std::string_view name, const settings& s) {
  using testkit::fault_action;
  using testkit::fault_kind;
  for (std::size_t k = 0; k < testkit::fault_kind_count; ++k) {
    const auto kind = static_cast<fault_kind>(k);
    if (to_string(kind) != name) continue;
    if (kind == fault_kind::delay) return fault_action::delayed(std::chrono::milliseconds(s.delay_ms));
    if (kind == fault_kind::partial_batch) return fault_action::partial(s.forward_share);
    return fault_action::of(kind);
  }
  return std::nullopt;
}

/// A scripted rule from "KIND:N[,N...]": the N-th matching requests (1-based) get KIND.
std::expected<testkit::fault_rule, std::string> scripted_rule(std::string_view text, const settings& s) {
  const auto colon = text.find(':');
  const auto action = action_named(text.substr(0, colon), s);
  if (colon == std::string_view::npos || !action) {
    return std::unexpected("--script wants KIND:N[,N...] with KIND one of " + kind_names() + "; got \"" +
                           std::string(text) + "\"");
  }
  testkit::fault_rule rule{.operation = s.operation, .table = s.table, .action = *action};
  for (std::string_view rest = text.substr(colon + 1); !rest.empty();) {
    const auto comma = rest.find(',');
    const auto number = rest.substr(0, comma);
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc{} || end != number.data() + number.size() || n == 0) {
      return std::unexpected("--script: \"" + std::string(number) + "\" in \"" + std::string(text) +
                             "\" is not a request number (1, 2, ...)");
    }
    rule.on_matches.push_back(n);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  if (rule.on_matches.empty()) return std::unexpected("--script \"" + std::string(text) + "\" names no request");
  return rule;
}

/// The rules: scripted ones first (they fire whatever the draw), then the probabilistic
/// ones in the order their slices are laid out (fault_rule): every fault first, the delay
/// last, so it takes only requests that get no other fault.
std::expected<std::vector<testkit::fault_rule>, std::string> rules_for(const settings& s) {
  using testkit::fault_action;
  using testkit::fault_kind;
  std::vector<testkit::fault_rule> rules;
  for (const auto& text : s.scripts) {
    auto rule = scripted_rule(text, s);
    if (!rule) return std::unexpected(std::move(rule.error()));
    rules.push_back(std::move(*rule));
  }
  auto add = [&](double probability, fault_action action) {
    if (probability > 0) {
      rules.push_back({.operation = s.operation, .table = s.table, .action = action, .probability = probability});
    }
  };
  add(s.throttle, fault_action::of(fault_kind::throttle));
  add(s.throttling, fault_action::of(fault_kind::throttling));
  add(s.error_5xx / 2, fault_action::of(fault_kind::internal_error));
  add(s.error_5xx / 2, fault_action::of(fault_kind::service_unavailable));
  add(s.reset, fault_action::of(fault_kind::reset_before));
  add(s.reset_after, fault_action::of(fault_kind::reset_after));
  add(s.unprocessed, fault_action::partial(s.forward_share));
  if (s.delay_ms > 0) add(s.delay_probability, fault_action::delayed(std::chrono::milliseconds(s.delay_ms)));
  return rules;
}

void print_counts(std::ostream& out, std::string_view name, const testkit::fault_counts& c) {
  out << name << ": requests " << c.requests << ", forwarded " << c.forwarded;
  for (std::size_t k = 0; k < testkit::fault_kind_count; ++k) {
    if (c.injected[k] == 0) continue;
    out << ", " << to_string(static_cast<testkit::fault_kind>(k)) << " " << c.injected[k];
  }
  if (c.held_back > 0) out << ", held back " << c.held_back;
  if (c.upstream_failures > 0) out << ", upstream failures " << c.upstream_failures;
  out << "\n";
}

int run(const settings& s) {
  const double faults = s.throttle + s.throttling + s.error_5xx + s.reset + s.reset_after + s.unprocessed;
  if (faults > 1.0) {
    std::cerr << "ddbkit: the fault probabilities add up to " << faults << "; at most 1 is possible\n";
    return exit_code::bad_input;
  }
  auto rules = rules_for(s);
  if (!rules) {
    std::cerr << "ddbkit: " << rules.error() << "\n";
    return exit_code::bad_input;
  }
  boost::asio::io_context context(1);
  auto proxy = testkit::fault_proxy::start(
      context.get_executor(), {.upstream = s.upstream, .port = s.port, .seed = s.seed, .rules = std::move(*rules)});
  if (!proxy) return report(proxy.error());
  // The endpoint alone on the first line, for scripts; the rest is for people.
  std::cout << proxy->endpoint() << std::endl;
  std::cerr << "fault proxy: forwarding to " << s.upstream << " (seed " << s.seed << "); Ctrl-C to stop\n";

  boost::asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    proxy->stop();
    context.stop();
  });
  context.run();

  const auto stats = proxy->stats();
  print_counts(std::cout, "total", stats.total);
  for (const auto& [operation, counts] : stats.by_operation) {
    print_counts(std::cout, operation.empty() ? std::string_view("(no X-Amz-Target)") : std::string_view(operation),
                 counts);
  }
  return 0;
}

}  // namespace

std::function<int()> add_fault_proxy_command(CLI::App& app) {
  auto s = std::make_shared<settings>();
  auto* cmd = app.add_subcommand("fault-proxy",
                                 "run a fault-injection proxy in front of DynamoDB Local until SIGINT/SIGTERM, "
                                 "then print what it injected");
  auto probability = CLI::Range(0.0, 1.0);
  cmd->add_option("--upstream", s->upstream, "DynamoDB Local URL, e.g. http://127.0.0.1:8000")->required();
  cmd->add_option("--port", s->port, "port on 127.0.0.1 (default: any free one)");
  cmd->add_option("--seed", s->seed, "seed of the random decisions (same seed + same request order = same faults)");
  cmd->add_option("--throttle", s->throttle, "share answered 400 ProvisionedThroughputExceededException")
      ->check(probability);
  cmd->add_option("--throttling", s->throttling, "share answered 400 ThrottlingException")->check(probability);
  cmd->add_option("--error-5xx", s->error_5xx, "share answered 500 or 503 (half each)")->check(probability);
  cmd->add_option("--reset", s->reset, "share reset before forwarding (never applied)")->check(probability);
  cmd->add_option("--reset-after", s->reset_after, "share forwarded, then reset (applied, answer lost)")
      ->check(probability);
  cmd->add_option("--unprocessed", s->unprocessed,
                  "share of BatchWriteItem/BatchGetItem forwarded only in part, the rest returned unprocessed")
      ->check(probability);
  cmd->add_option("--forward-share", s->forward_share, "part of such a batch that is forwarded (default 0.5)")
      ->check(probability);
  cmd->add_option("--delay-ms", s->delay_ms, "delay requests that get no other fault by this much")
      ->check(CLI::Range(0, 600000));
  cmd->add_option("--delay-probability", s->delay_probability, "share of requests delayed (default 1)")
      ->check(probability);
  cmd->add_option("--operation", s->operation, "only this operation, e.g. PutItem (default: all)");
  cmd->add_option("--table", s->table, "only requests naming this table (default: all)");
  cmd->add_option("--script", s->scripts,
                  "KIND:N[,N...]: the N-th matching requests get KIND (" + kind_names() +
                      "); repeatable, applied before the probabilities");
  return [cmd, s]() -> int { return *cmd ? run(*s) : -1; };
}

}  // namespace ddbkit::cli
