#include "common.hpp"

#include <algorithm>

namespace strikesim::model::detail {

std::uint64_t stream_id_of(const std::string& trust_id) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : trust_id) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

int session_activity(const session& s) {
  return s.kind == session_kind::theatre_list ? s.operations : s.slots;
}

std::size_t specialty_index(const trust& t, const std::string& name) {
  return static_cast<std::size_t>(std::find(t.specialties.begin(), t.specialties.end(), name) -
                                  t.specialties.begin());
}

std::size_t home_service(const trust& t, const std::string& specialty) {
  return static_cast<std::size_t>(
      std::find_if(t.services.begin(), t.services.end(),
                   [&](const service& sv) { return sv.specialty == specialty; }) -
      t.services.begin());
}

std::vector<int> service_capacity(const trust& t, const cover_problem& p, const cover_plan& plan) {
  std::vector<int> cap(t.services.size(), 0);
  for (std::size_t j = 0; j < p.emergency_roles; ++j)
    cap[p.roles[j].owner] += plan.role_filled[j];
  for (std::size_t sv = 0; sv < plan.front_door.size() && sv < cap.size(); ++sv)
    cap[sv] += plan.front_door[sv];
  for (std::size_t i = 0; i < p.pools.size(); ++i) {
    // Called in for a role: the others stay at home, or go back to their SPA work.
    if (p.pools[i].on_call || p.pools[i].spa) continue;
    const std::size_t home = home_service(t, p.pools[i].specialty);
    if (home < cap.size()) cap[home] += plan.idle[i];
  }
  return cap;
}

}  // namespace strikesim::model::detail
