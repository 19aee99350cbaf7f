-- wrk script: every request asks for the next path of the list in the file named by BENCH_URLS
-- (one path per line), so a run measures many different pages, never one cached page.
-- Each thread starts at a different place in the list.

local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local paths = {}
local next_index = 1

function init(args)
  local file = assert(io.open(os.getenv("BENCH_URLS"), "r"))
  for line in file:lines() do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  file:close()
  assert(#paths > 0, "no paths in " .. os.getenv("BENCH_URLS"))
  next_index = ((offset or 0) * math.floor(#paths / 2 + 1)) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end
