-- A teacher takes roll calls again (PUT .../roll-calls/{date}): each request
-- marks another student of one of their lessons absent, so that every one
-- corrects the previous roll. BENCH_DATA defines `token` and `lessons`
-- ({ id, date, students = { ids } }).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("statuses").install()

local sent = 0

function request()
  local k = sent * nthreads + id
  sent = sent + 1
  local lesson = lessons[k % #lessons + 1]
  local student = lesson.students[math.floor(k / #lessons) % #lesson.students + 1]
  local body = '{"entries":[{"student_id":' .. student .. ',"status":"absent"}]}'
  return wrk.format("PUT", "/api/v1/timetable/lessons/" .. lesson.id .. "/roll-calls/" ..
                    lesson.date, headers, body)
end

headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
