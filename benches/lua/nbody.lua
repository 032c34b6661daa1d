-- nbody: gravitational simulation of a made-up system of one heavy star and four light
-- bodies (units with G = 1), pairwise forces and semi-implicit Euler steps on table fields.
-- Prints the total energy before and after. Size: the number of time steps.
local steps = tonumber(arg and arg[1]) or 20000
local sqrt = math.sqrt

local function body(x, y, z, vx, vy, vz, m)
  return { x = x, y = y, z = z, vx = vx, vy = vy, vz = vz, m = m }
end

-- a star at the origin and four bodies roughly on circular orbits (v ~ sqrt(M / r))
local bodies = {
  body(0, 0, 0, 0, 0, 0, 1000.0),
  body(10.0, 0, 0.2, 0, 10.0, 0.1, 0.05),
  body(0, -17.0, -0.4, 7.6, 0, 0, 0.2),
  body(-25.0, 3.0, 0, -0.9, -6.2, 0.05, 0.9),
  body(4.0, 39.0, 1.0, -5.0, 0.4, -0.02, 0.3),
}
local nb = #bodies

-- give the star the opposite momentum so the centre of mass stays put
do
  local px, py, pz = 0.0, 0.0, 0.0
  for i = 2, nb do
    local b = bodies[i]
    px, py, pz = px + b.vx * b.m, py + b.vy * b.m, pz + b.vz * b.m
  end
  local s = bodies[1]
  s.vx, s.vy, s.vz = -px / s.m, -py / s.m, -pz / s.m
end

local function energy()
  local e = 0.0
  for i = 1, nb do
    local a = bodies[i]
    e = e + 0.5 * a.m * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz)
    for j = i + 1, nb do
      local b = bodies[j]
      local dx, dy, dz = a.x - b.x, a.y - b.y, a.z - b.z
      e = e - a.m * b.m / sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function step(dt)
  for i = 1, nb do
    local a = bodies[i]
    local ax, ay, az, am = a.x, a.y, a.z, a.m
    for j = i + 1, nb do
      local b = bodies[j]
      local dx, dy, dz = ax - b.x, ay - b.y, az - b.z
      local d2 = dx * dx + dy * dy + dz * dz
      local f = dt / (d2 * sqrt(d2))
      local fa, fb = b.m * f, am * f
      a.vx, a.vy, a.vz = a.vx - dx * fa, a.vy - dy * fa, a.vz - dz * fa
      b.vx, b.vy, b.vz = b.vx + dx * fb, b.vy + dy * fb, b.vz + dz * fb
    end
  end
  for i = 1, nb do
    local a = bodies[i]
    a.x, a.y, a.z = a.x + dt * a.vx, a.y + dt * a.vy, a.z + dt * a.vz
  end
end

local e0 = energy()
for _ = 1, steps do step(0.001) end
local e1 = energy()
local s = bodies[2]
print(string.format("steps = %d  energy %.9f -> %.9f  body2 at (%.6f, %.6f, %.6f)",
  steps, e0, e1, s.x, s.y, s.z))
