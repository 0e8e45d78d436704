-- Counts the status codes each wrk thread saw and prints their sum when the
-- run ends, as "statuses 200=N 503=M": a benchmark that measured refusals
-- would be worthless. Each thread also gets `id` (0, 1, ...) to share work.
local statuses = {}
local threads = {}

seen = {}

function statuses.setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function statuses.response(status)
  seen[status] = (seen[status] or 0) + 1
end

function statuses.done()
  local total, codes = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("seen")) do
      if not total[status] then table.insert(codes, status) end
      total[status] = (total[status] or 0) + count
    end
  end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do table.insert(parts, status .. "=" .. total[status]) end
  io.write("statuses " .. table.concat(parts, " ") .. "\n")
end

-- Installs the three wrk hooks and loads the data file named by BENCH_DATA
-- when there is one.
function statuses.install(threads_count)
  setup, response, done = statuses.setup, statuses.response, statuses.done
  local data = os.getenv("BENCH_DATA")
  if data and data ~= "" then dofile(data) end
  nthreads = threads_count or 2
end

return statuses
