-- A teacher enters one score in a grade grid (PUT /api/v1/evaluations/{id}/scores).
-- Each visit of a cell writes a value with odd hundredths, different from the
-- previous visit's and from the generated scores: every request changes a score.
-- BENCH_DATA defines `token` and `evaluations` ({ id, out_of, students = { ids } }).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("statuses").install()

local sent = 0

function request()
  local k = sent * nthreads + id
  sent = sent + 1
  local evaluation = evaluations[k % #evaluations + 1]
  local cells = #evaluation.students
  local student = evaluation.students[math.floor(k / #evaluations) % cells + 1]
  local visit = math.floor(k / (#evaluations * cells))
  local hundredths = ((visit * 2 + 1) * 13) % (evaluation.out_of * 100)
  local body = string.format('{"scores":[{"student_id":%d,"value":%d.%02d}]}', student,
                             math.floor(hundredths / 100), hundredths % 100)
  return wrk.format("PUT", "/api/v1/evaluations/" .. evaluation.id .. "/scores", headers, body)
end

headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
