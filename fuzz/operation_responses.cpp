// Every operation's response parser (the list in operation_list.hpp): the first byte picks
// the operation, the rest is its response body. Any body decodes or gives an error.
#include "fuzz_check.hpp"

#include <ddbkit/model/serialization.hpp>

#include <array>

using ddbkit::fuzz::check;

namespace {

template <class Output>
void parse_as(std::string_view body) {
  auto out = ddbkit::parse_output<Output>(body);
  if (!out) check(!out.error().message().empty(), "a decoding error without a message");
}

using parser = void (*)(std::string_view);

#define DDBKIT_FUZZ_PARSER(op) &parse_as<ddbkit::op##_output>,
constexpr std::array parsers{DDBKIT_FOR_EACH_OPERATION(DDBKIT_FUZZ_PARSER)};
#undef DDBKIT_FUZZ_PARSER

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const parser parse = parsers[data[0] % parsers.size()];
  parse(ddbkit::fuzz::as_text(data + 1, size - 1));
  return 0;
}
