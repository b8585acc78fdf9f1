-- POST /api/v1/inquiries with a new Idempotency-Key, address and client address each time: every
-- request stores an inquiry (none is a replay, none hits a per-network or per-address limit).
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  counter = 0
  prefix = tostring(id) .. "-" .. tostring(os.time())
  version = os.getenv("HC_NOTICE_VERSION")
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"Bench Patient","email":"b%s-%d@example.com","country":"SA","language":"ar","age":30,' ..
    '"message":"A benchmark inquiry.","consent_version":"%s","notice_locale":"ar"}', prefix, counter, version)
  return wrk.format("POST", "/api/v1/inquiries", {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. prefix .. "-" .. counter,
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", id % 256, math.floor(counter / 256) % 256, counter % 256),
  }, body)
end
