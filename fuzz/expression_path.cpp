// Expression paths and caller-written expressions: a path that parses prints as text that
// parses to the same segments and renders in an expression; a raw expression with random
// placeholders is accepted or refused as a validation error.
#include "fuzz_check.hpp"

#include <ddbkit/expr.hpp>

#include <fuzzer/FuzzedDataProvider.h>

using ddbkit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string dotted = input.ConsumeRandomLengthString(512);
  const std::string placeholder = input.ConsumeRandomLengthString(64);
  const std::string raw = input.ConsumeRemainingBytesAsString();

  if (auto p = ddbkit::expr::path::parse(dotted)) {
    const std::string printed = ddbkit::expr::to_string(*p);
    auto again = ddbkit::expr::path::parse(printed);
    check(again.has_value(), "a printed path does not parse");
    check(again->segments() == p->segments(), "a path changed when printed and parsed");
    ddbkit::expr::expression_context context;
    auto rendered = context.condition_expression(p->exists());
    check(rendered.has_value() || rendered.error().is_validation(), "rendering failed with a non-validation error");
  } else {
    check(p.error().is_validation(), "a bad path is not a validation error");
  }

  ddbkit::expr::expression_context context;
  ddbkit::item values;
  values.emplace(":v", ddbkit::attribute_value("x"));
  auto accepted = context.raw("ConditionExpression", raw, {{placeholder, "name"}}, values);
  check(accepted.has_value() || accepted.error().is_validation(), "a raw expression failed with a non-validation error");
  if (accepted) check(*accepted == raw, "a raw expression was changed");
  return 0;
}
