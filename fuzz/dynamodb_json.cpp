// DynamoDB-JSON decoding: any bytes either decode or give an error; what decodes encodes
// back to text that decodes to the same value, and encoding is stable.
#include "fuzz_check.hpp"

#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/item_size.hpp>

using ddbkit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = ddbkit::fuzz::as_text(data, size);

  if (auto value = ddbkit::parse_attribute_value(text)) {
    const std::string encoded = ddbkit::to_dynamodb_json(*value);
    auto again = ddbkit::parse_attribute_value(encoded);
    check(again.has_value(), "an encoded attribute value does not decode");
    check(*again == *value, "an attribute value changed in a round trip");
    check(ddbkit::to_dynamodb_json(*again) == encoded, "attribute value encoding is not stable");
    (void)ddbkit::attribute_size(*value);
  } else {
    check(!value.error().message().empty(), "a decoding error without a message");
  }

  if (auto item = ddbkit::parse_item(text)) {
    const std::string encoded = ddbkit::to_dynamodb_json(*item);
    auto again = ddbkit::parse_item(encoded);
    check(again.has_value(), "an encoded item does not decode");
    check(*again == *item, "an item changed in a round trip");
    (void)ddbkit::item_size(*item);
  }
  return 0;
}
