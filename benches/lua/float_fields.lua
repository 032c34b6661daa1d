-- float_fields: float arithmetic on table fields (a particle system with gravity, drag and
-- bouncing walls). Size: the number of time steps for 1000 particles.
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

local dt, gravity, drag = 0.01, -9.81, 0.999
for _ = 1, steps do
  for i = 1, COUNT do
    local p = particles[i]
    p.vy = p.vy + gravity * dt / p.mass
    p.vx = p.vx * drag
    p.vy = p.vy * drag
    p.x = p.x + p.vx * dt
    p.y = p.y + p.vy * dt
    if p.x < 0.0 then p.x = -p.x; p.vx = -p.vx * 0.9 end
    if p.x > 100.0 then p.x = 200.0 - p.x; p.vx = -p.vx * 0.9 end
    if p.y < 0.0 then p.y = -p.y; p.vy = -p.vy * 0.8 end
  end
end

local sx, sy, energy = 0.0, 0.0, 0.0
for i = 1, COUNT do
  local p = particles[i]
  sx = sx + p.x
  sy = sy + p.y
  energy = energy + 0.5 * p.mass * (p.vx * p.vx + p.vy * p.vy) - p.mass * gravity * p.y
end
print(string.format("steps = %d  mean x = %.6f  mean y = %.6f  energy = %.6f",
  steps, sx / COUNT, sy / COUNT, energy))
