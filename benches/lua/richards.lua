-- richards: an operating-system-style task scheduler in the spirit of the Richards
-- benchmark (an original design, not a port): task objects of five classes, priorities,
-- packets passed between input queues as linked lists, tasks that wait for input or are
-- held and released, and a free list of packets. Nearly every step is a method call
-- through a metatable or a field access.
-- Size: the number of packets the source task emits.
local npackets = tonumber(arg and arg[1]) or 5000
local M = 1000000007

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, { __index = parent }) end
  return c
end

---------------------------------------------------------------- packets
local Packet = class()
function Packet.new()
  return setmetatable({ link = nil, a = 0, b = 0, c = 0, d = 0, hops = 0, sum = 0,
    urgent = false }, Packet)
end
-- append self to the list starting at head; returns the new head
function Packet:append_to(head)
  self.link = nil
  if head == nil then return self end
  local p = head
  while p.link ~= nil do p = p.link end
  p.link = self
  return head
end

---------------------------------------------------------------- tasks
local Task = class()
function Task:init(sched, id, priority, waiting)
  self.sched, self.id, self.priority = sched, id, priority
  self.waiting = waiting                 -- runs only when a packet is queued
  self.held = false                      -- never runs until released
  self.input = nil                       -- head of the queued packets
  self.runs = 0
  return self
end
function Task:runnable()
  if self.held then return false end
  return not self.waiting or self.input ~= nil
end
function Task:take()
  local p = self.input
  if p ~= nil then
    self.input = p.link
    p.link = nil
  end
  return p
end
function Task:send(p, dest_id)
  local dest = self.sched.tasks[dest_id]
  dest.input = p:append_to(dest.input)
  self.sched.sent = self.sched.sent + 1
end
function Task:hold() self.held = true; self.sched.holds = self.sched.holds + 1 end
function Task:release(id) self.sched.tasks[id].held = false end

-- The source emits packets filled with pseudo-random data, alternating between the two
-- workers; with no free packet and too many in flight it holds itself until the device
-- hands one back.
local Source = class(Task)
function Source.new(sched, id, priority, count)
  local t = setmetatable({}, Source):init(sched, id, priority, false)
  t.remaining, t.in_flight, t.seed, t.turn = count, 0, 7, 0
  return t
end
function Source:next_byte()
  self.seed = (self.seed * 16807) % 2147483647
  return self.seed % 256
end
function Source:run()
  if self.remaining == 0 then self:hold(); return end
  local sched = self.sched
  local p = sched.pool
  if p ~= nil then
    sched.pool = p.link
    p.link = nil
  elseif self.in_flight < 8 then
    p = Packet.new()
  else
    self:hold()
    return
  end
  self.in_flight = self.in_flight + 1
  p.a, p.b, p.c, p.d = self:next_byte(), self:next_byte(), self:next_byte(), self:next_byte()
  p.hops, p.sum, p.urgent = 0, 0, false
  self.remaining = self.remaining - 1
  self.turn = 1 - self.turn
  self:send(p, 2 + self.turn)
end

-- A worker scrambles a packet's data and forwards it to the handler, or bounces it to the
-- other worker a few times depending on the data.
local Worker = class(Task)
function Worker.new(sched, id, priority, factor, other)
  local t = setmetatable({}, Worker):init(sched, id, priority, true)
  t.factor, t.other = factor, other
  return t
end
function Worker:run()
  local p = self:take()
  local f, k = self.factor, self.id + p.hops
  p.a = (p.a * f + k) % 256
  p.b = (p.b * f + p.a) % 256
  p.c = (p.c * f + p.b) % 256
  p.d = (p.d * f + p.c) % 256
  p.hops = p.hops + 1
  if p.hops < 4 and p.a % 3 == 0 then
    self:send(p, self.other)
  else
    self:send(p, 4)
  end
end

-- The handler summarises each packet and marks every fifth one urgent.
local Handler = class(Task)
function Handler.new(sched, id, priority)
  local t = setmetatable({}, Handler):init(sched, id, priority, true)
  t.seen = 0
  return t
end
function Handler:run()
  local p = self:take()
  self.seen = self.seen + 1
  p.sum = p.a + 2 * p.b + 3 * p.c + 4 * p.d + p.hops
  p.urgent = self.seen % 5 == 0
  self:send(p, 5)
end

-- The device consumes packets, returns them to the free list (releasing the source if it
-- was waiting for one) and holds itself after every urgent packet.
local Device = class(Task)
function Device.new(sched, id, priority)
  local t = setmetatable({}, Device):init(sched, id, priority, true)
  t.count, t.total = 0, 0
  return t
end
function Device:run()
  local p = self:take()
  local sched = self.sched
  self.count = self.count + 1
  self.total = (self.total * 31 + p.sum + (p.urgent and 1000 or 0)) % M
  p.link = sched.pool
  sched.pool = p
  local source = sched.tasks[1]
  source.in_flight = source.in_flight - 1
  if source.held and source.remaining > 0 then self:release(1) end
  if p.urgent then self:hold() end
end

-- The timer has the lowest priority: it runs only when the device is held, and releases it.
local Timer = class(Task)
function Timer.new(sched, id, priority)
  local t = setmetatable({}, Timer):init(sched, id, priority, false)
  t.ticks = 0
  return t
end
function Timer:runnable() return self.sched.tasks[5].held end
function Timer:run()
  self.ticks = self.ticks + 1
  self:release(5)
end

---------------------------------------------------------------- the scheduler
local Scheduler = class()
function Scheduler.new()
  return setmetatable({ tasks = {}, order = {}, pool = nil, sent = 0, holds = 0, steps = 0 },
    Scheduler)
end
function Scheduler:add(task)
  self.tasks[task.id] = task
  local order = self.order
  local i = #order + 1
  while i > 1 and order[i - 1].priority < task.priority do
    order[i] = order[i - 1]
    i = i - 1
  end
  order[i] = task
end
function Scheduler:run()
  local order = self.order
  while true do
    local task
    for i = 1, #order do
      if order[i]:runnable() then task = order[i]; break end
    end
    if task == nil then return end
    self.steps = self.steps + 1
    task.runs = task.runs + 1
    task:run()
  end
end

local sched = Scheduler.new()
sched:add(Source.new(sched, 1, 10, npackets))
sched:add(Worker.new(sched, 2, 30, 5, 3))
sched:add(Worker.new(sched, 3, 20, 7, 2))
sched:add(Handler.new(sched, 4, 40))
sched:add(Device.new(sched, 5, 50))
sched:add(Timer.new(sched, 6, 1))
sched:run()

local t = sched.tasks
print(string.format("packets = %d  steps = %d  sent = %d  holds = %d  runs = %d/%d/%d/%d/%d/%d"
  .. "  device = %d total %d  timer = %d", npackets, sched.steps, sched.sent, sched.holds,
  t[1].runs, t[2].runs, t[3].runs, t[4].runs, t[5].runs, t[6].runs, t[5].count, t[5].total,
  t[6].ticks))
