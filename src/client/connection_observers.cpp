#include "client/connection_observers.hpp"

#include <algorithm>

namespace ddbkit::detail {

namespace {

class forward_to_observers final : public http::connection_listener {
 public:
  explicit forward_to_observers(std::vector<std::shared_ptr<observer>> observers)
      : observers_(std::move(observers)) {}

  void on_connection(std::string_view endpoint, http::connection_event event) noexcept override {
    for (const auto& o : observers_) o->on_connection(endpoint, event);
  }

 private:
  const std::vector<std::shared_ptr<observer>> observers_;
};

}  // namespace

std::shared_ptr<http::connection_listener> connection_observers(
    const std::vector<std::shared_ptr<observer>>& observers) {
  std::vector<std::shared_ptr<observer>> present;
  std::ranges::copy_if(observers, std::back_inserter(present), [](const auto& o) { return o != nullptr; });
  if (present.empty()) return nullptr;
  return std::make_shared<forward_to_observers>(std::move(present));
}

}  // namespace ddbkit::detail
