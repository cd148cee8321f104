// The shared config and credentials files: any text parses (malformed lines are skipped),
// and every lookup of a profile, an sso-session and a services section is safe.
#include "fuzz_check.hpp"

#include <ddbkit/auth/shared_config.hpp>

#include <fuzzer/FuzzedDataProvider.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::string name = input.ConsumeRandomLengthString(32);
  const std::string key = input.ConsumeRandomLengthString(32);
  const std::string config = input.ConsumeRandomLengthString(size);
  const std::string credentials = input.ConsumeRemainingBytesAsString();

  const auto parsed = ddbkit::shared_config::parse(config, credentials);
  for (const auto* p : {parsed.find(name), parsed.find("default"), parsed.find_sso_session(name),
                        parsed.find_services(name)}) {
    if (!p) continue;
    (void)p->get(key);
    (void)p->origin(key);
    (void)p->get("region");
  }
  (void)parsed.source_list();
  return 0;
}
