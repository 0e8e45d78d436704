// Each school's link over a period (connectivity) and the digital-divide view,
// declared in dashboard_queries.h.
#include <algorithm>

#include "core/base/civil_date.h"
#include "federation/hub/dashboard_queries.h"
#include "federation/replication/change_log.h"
#include "federation/replication/cursors.h"

namespace cartable::federation::hub {
namespace {

struct LinkEvent {
  Seconds at = 0;
  bool up = false;
};

Seconds dayStart(const std::string& day) {
  return std::chrono::duration_cast<std::chrono::seconds>(civil::parseDay(day)->time_since_epoch())
      .count();
}

// Seconds up and seconds known within [start, end) from the school's events
// (in time order): the state before the first event is unknown.
std::pair<Seconds, Seconds> upAndObserved(const std::vector<LinkEvent>& events, Seconds start,
                                          Seconds end) {
  Seconds up = 0, observed = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Seconds from = std::max(events[i].at, start);
    const Seconds to = std::min(i + 1 < events.size() ? events[i + 1].at : end, end);
    if (to <= from) continue;
    observed += to - from;
    if (events[i].up) up += to - from;
  }
  return {up, observed};
}

Result<std::map<std::string, std::vector<LinkEvent>>> linkEvents(storage::Connection& conn,
                                                                 Seconds end) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT uai, at, up FROM federation_link_events WHERE at < ? ORDER BY uai, at, up",
                 end));
  std::map<std::string, std::vector<LinkEvent>> events;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    events[stmt.text(0)].push_back({stmt.int64(1), stmt.int64(2) != 0});
  }
  return events;
}

Result<std::map<std::string, std::pair<int, std::string>>> reportsInPeriod(
    storage::Connection& conn, const DayRange& period) {
  // Each school's days along the primary key (uai, day): through the
  // school-year index every report of the year would be read.
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT uai, count(*), max(day) FROM regional_reports WHERE uai IN (SELECT uai "
                 "FROM federation_schools) AND day BETWEEN ? AND ? GROUP BY uai",
                 period.from, period.to));
  std::map<std::string, std::pair<int, std::string>> reports;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    reports[stmt.text(0)] = {static_cast<int>(stmt.int64(1)), stmt.text(2)};
  }
  return reports;
}

// The hub's records for the school (its own partition and the region's) it
// has not acknowledged in the hub's current epoch.
Result<std::int64_t> backlogOf(storage::Connection& conn, const std::string& uai,
                               const std::string& epoch) {
  const std::string peer = "school:" + uai;
  CARTABLE_ASSIGN_OR_RETURN(auto cursors, ackedBy(conn, peer, {peer, "region"}, epoch));
  return pendingCount(conn, cursors);
}

// Each school's weekly active students and teachers over the period, as
// shares (Σ active / Σ people of the role cells), read along each school's
// primary key (uai, metric, scope, day).
using WeeklyShares = std::map<std::string, std::map<std::string, std::optional<double>>>;
Result<WeeklyShares> weeklyShares(storage::Connection& conn, const std::string& department,
                                  const DayRange& period) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT uai, role, sum(value), sum(n) FROM regional_report_values WHERE uai IN "
                 "(SELECT uai FROM federation_schools WHERE ?1 = '' OR department = ?1) AND "
                 "metric = 'adoption.active_week' AND scope = 'role' AND day BETWEEN ?2 AND ?3 "
                 "AND role IN ('student', 'teacher') GROUP BY uai, role",
                 department, period.from, period.to));
  WeeklyShares shares;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    shares[stmt.text(0)][stmt.text(1)] = Ratio{stmt.real(2), stmt.real(3)}.value();
  }
  return shares;
}

Result<std::string> hubEpoch(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT epoch FROM replication_epoch"));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  return found ? stmt.text(0) : std::string();
}

}  // namespace

Result<std::vector<SchoolConnectivity>> connectivity(storage::Connection& conn,
                                                     const std::string& department,
                                                     const DayRange& period, Seconds now) {
  const Seconds start = dayStart(period.from);
  const Seconds end = std::min(dayStart(period.to) + 86400, now);
  CARTABLE_ASSIGN_OR_RETURN(auto events, linkEvents(conn, end));
  CARTABLE_ASSIGN_OR_RETURN(auto reports, reportsInPeriod(conn, period));
  CARTABLE_ASSIGN_OR_RETURN(std::string epoch, hubEpoch(conn));
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT uai, name, department, link_state, last_sync_at, enrolled_at FROM "
                 "federation_schools WHERE enrolled_at IS NOT NULL AND revoked_at IS "
                 "NULL AND (?1 = '' OR department = ?1) ORDER BY uai",
                 department));
  const civil::Day first = *civil::parseDay(period.from);
  const civil::Day last = *civil::parseDay(period.to);
  std::vector<SchoolConnectivity> schools;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    SchoolConnectivity school;
    school.uai = stmt.text(0);
    school.name = stmt.text(1);
    school.department = stmt.text(2);
    school.link_state = stmt.text(3);
    school.last_sync = stmt.optionalInt64(4);
    // Reports are due from the day the school enrolled.
    const civil::Day due_from = std::max(first, civil::dayOf(stmt.int64(5)));
    school.period_days = due_from > last ? 0 : static_cast<int>((last - due_from).count()) + 1;
    if (auto found = events.find(school.uai); found != events.end() && end > start) {
      const auto [up, observed] = upAndObserved(found->second, start, end);
      school.observed = observed;
      if (observed > 0) school.uptime = static_cast<double>(up) / static_cast<double>(observed);
    }
    if (auto found = reports.find(school.uai); found != reports.end()) {
      school.reports = found->second.first;
      school.last_report = found->second.second;
    }
    schools.push_back(std::move(school));
  }
  for (auto& school : schools) {
    CARTABLE_ASSIGN_OR_RETURN(school.backlog, backlogOf(conn, school.uai, epoch));
  }
  return schools;
}

Result<std::vector<DivideEntry>> digitalDivide(storage::Connection& conn,
                                               const std::string& department,
                                               const DayRange& period, Seconds now,
                                               const DivideThresholds& thresholds) {
  CARTABLE_ASSIGN_OR_RETURN(auto links, connectivity(conn, department, period, now));
  CARTABLE_ASSIGN_OR_RETURN(auto shares, weeklyShares(conn, department, period));
  std::vector<DivideEntry> entries;
  for (const auto& link : links) {
    DivideEntry entry;
    entry.link = link;
    if (auto found = shares.find(link.uai); found != shares.end()) {
      entry.student_weekly_share = found->second["student"];
      entry.teacher_weekly_share = found->second["teacher"];
    }
    if (entry.student_weekly_share &&
        *entry.student_weekly_share < thresholds.student_weekly_share) {
      entry.reasons.push_back("low_student_adoption");
    }
    if (entry.teacher_weekly_share &&
        *entry.teacher_weekly_share < thresholds.teacher_weekly_share) {
      entry.reasons.push_back("low_teacher_adoption");
    }
    if (link.uptime && *link.uptime < thresholds.uptime) entry.reasons.push_back("poor_uptime");
    if (!link.last_sync || now - *link.last_sync > thresholds.sync_age) {
      entry.reasons.push_back("stale_sync");
    }
    if (link.reports < thresholds.report_share * link.period_days) {
      entry.reasons.push_back("missing_reports");
    }
    if (!entry.reasons.empty()) entries.push_back(std::move(entry));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const DivideEntry& a, const DivideEntry& b) {
    if (a.reasons.size() != b.reasons.size()) return a.reasons.size() > b.reasons.size();
    return a.student_weekly_share.value_or(2) < b.student_weekly_share.value_or(2);
  });
  return entries;
}

}  // namespace cartable::federation::hub
