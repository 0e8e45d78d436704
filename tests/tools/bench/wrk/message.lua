-- A teacher writes in a conversation with a parent
-- (POST /api/v1/conversations/{id}/messages), one new message per request.
-- BENCH_DATA defines `token` and `conversation`.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("statuses").install()

local sent = 0

function request()
  sent = sent + 1
  local body = '{"text":"Bonjour, message ' .. id .. '-' .. sent ..
               ' : pensez au cahier de liaison pour demain."}'
  return wrk.format("POST", "/api/v1/conversations/" .. conversation .. "/messages", headers,
                    body)
end

headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
