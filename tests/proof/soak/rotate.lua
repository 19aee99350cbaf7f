-- wrk script for the soak (tests/proof/soak/): every request asks for the next path of the
-- file named by SOAK_URLS (one path a line), each thread starting at its own place in the list.

local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local paths = {}
local index = 1

function init(args)
  for line in io.lines(os.getenv("SOAK_URLS")) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  assert(#paths > 0, "no paths in " .. os.getenv("SOAK_URLS"))
  index = ((offset or 0) * 7919) % #paths + 1
end

function request()
  local path = paths[index]
  index = index % #paths + 1
  return wrk.format("GET", path)
end
