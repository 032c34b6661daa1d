-- float_fields: float arithmetic on table fields (particles on springs toward the centre
-- of a box, with gravity, slight drag and elastic walls).
-- Size: the number of time steps for 1000 particles.
local steps = tonumber(arg and arg[1]) or 40
local COUNT = 1000

local particles = {}
local seed = 12345
local function rnd()              -- Park-Miller generator, exact in doubles and integers
  seed = (seed * 16807) % 2147483647
  return seed / 2147483647
end
for i = 1, COUNT do
  particles[i] = {
    x = rnd() * 100.0, y = rnd() * 100.0,
    vx = rnd() * 2.0 - 1.0, vy = rnd() * 2.0 - 1.0,
    mass = 0.5 + rnd(),
  }
end

local dt, gravity, spring, drag = 0.01, -9.81, 0.5, 0.99999
for _ = 1, steps do
  for i = 1, COUNT do
    local p = particles[i]
    local inv = 1.0 / p.mass
    p.vx = (p.vx - spring * (p.x - 50.0) * inv * dt) * drag
    p.vy = (p.vy + (gravity - spring * (p.y - 50.0) * inv) * dt) * drag
    p.x = p.x + p.vx * dt
    p.y = p.y + p.vy * dt
    if p.x < 0.0 then p.x = -p.x; p.vx = -p.vx end
    if p.x > 100.0 then p.x = 200.0 - p.x; p.vx = -p.vx end
    if p.y < 0.0 then p.y = -p.y; p.vy = -p.vy end
    if p.y > 100.0 then p.y = 200.0 - p.y; p.vy = -p.vy end
  end
end

local sx, sy, energy = 0.0, 0.0, 0.0
for i = 1, COUNT do
  local p = particles[i]
  sx = sx + p.x
  sy = sy + p.y
  local dx, dy = p.x - 50.0, p.y - 50.0
  energy = energy + 0.5 * p.mass * (p.vx * p.vx + p.vy * p.vy) - p.mass * gravity * p.y
    + 0.5 * spring * (dx * dx + dy * dy)
end
print(string.format("steps = %d  mean x = %.6f  mean y = %.6f  energy = %.6f",
  steps, sx / COUNT, sy / COUNT, energy))
