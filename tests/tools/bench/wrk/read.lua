-- GET of the URL given to wrk, counting the status codes seen, with the
-- bearer token BENCH_TOKEN when it is set.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("statuses").install()

local token = os.getenv("BENCH_TOKEN") or ""
if token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
