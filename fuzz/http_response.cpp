// The http layer's response parser fed from memory, in pieces of random sizes as sockets
// deliver them: a response completes, asks for more, or is a clear error; never a crash,
// and a completed response has a valid status.
#include "fuzz_check.hpp"

#include "http/response_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <fuzzer/FuzzedDataProvider.h>

using ddbkit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const bool head = input.ConsumeBool();
  // Up to 8 piece sizes; the last piece takes the rest.
  std::vector<std::size_t> pieces;
  for (int i = input.ConsumeIntegralInRange(0, 8); i > 0; --i) pieces.push_back(input.ConsumeIntegralInRange<std::size_t>(1, 512));
  std::string bytes = input.ConsumeRemainingBytesAsString();

  ddbkit::http::detail::response_reader reader(head);
  boost::beast::flat_buffer buffer;
  std::size_t offset = 0;
  for (std::size_t piece = 0; offset < bytes.size(); ++piece) {
    const std::size_t n = piece < pieces.size() ? std::min(pieces[piece], bytes.size() - offset) : bytes.size() - offset;
    const auto room = buffer.prepare(n);
    boost::asio::buffer_copy(room, boost::asio::buffer(bytes.data() + offset, n));
    buffer.commit(n);
    offset += n;
    auto done = reader.feed(buffer);
    if (!done) {
      check(done.error().code() == ddbkit::error_code::network, "a malformed response is not a network error");
      return 0;
    }
    if (*done) {
      const auto response = reader.take();
      check(response.status >= 100 && response.status <= 599, "a response with an impossible status");
      return 0;
    }
  }
  if (reader.finish_at_eof()) (void)reader.take();
  return 0;
}
