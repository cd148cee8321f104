#include "failure.hpp"

#include "exit_codes.hpp"

#include <iostream>
#include <sstream>

namespace ddbkit::cli {

failure bad_input(std::string message) { return {exit_code::bad_input, std::move(message)}; }

failure failed(const error& e) {
  std::ostringstream text;
  text << e;
  // attempts() == 0: refused before sending, so it is the input that is wrong.
  const bool refused_input = e.is_validation() && e.attempts() == 0;
  return {refused_input ? exit_code::bad_input : exit_code::service_error, text.str()};
}

int report(const failure& f) {
  std::cerr << "ddbkit: " << f.message << "\n";
  return f.exit_code;
}

int report(const error& e) { return report(failed(e)); }

}  // namespace ddbkit::cli
