-- The morning's sign-ins (POST /api/v1/session): each request signs in the
-- next student with the right password. BENCH_DATA defines `logins` and `password`.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("statuses").install()

local sent = 0

function request()
  local k = sent * nthreads + id
  sent = sent + 1
  local body = '{"login":"' .. logins[k % #logins + 1] .. '","password":"' .. password ..
               '","client":"mobile"}'
  return wrk.format("POST", "/api/v1/session", headers, body)
end

headers = { ["Content-Type"] = "application/json" }
