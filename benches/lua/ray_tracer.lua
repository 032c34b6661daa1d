-- ray_tracer: a small Whitted-style ray tracer (an original design): vectors as tables with
-- arithmetic metamethods, a scene of spheres and a plane behind a class with methods,
-- shadows, reflection to a fixed depth, and a checkerboard. Every pixel's colour goes into
-- a checksum. Nearly every step allocates a short-lived vector table and calls a method or a
-- metamethod: the object-heavy float code people write before they optimise it.
-- Size: the image side in pixels.
local size = tonumber(arg and arg[1]) or 40

local sqrt, floor = math.sqrt, math.floor

---------------------------------------------------------------- vectors
local Vec = {}
Vec.__index = Vec
local function vec(x, y, z)
  return setmetatable({ x = x, y = y, z = z }, Vec)
end
function Vec.__add(a, b) return vec(a.x + b.x, a.y + b.y, a.z + b.z) end
function Vec.__sub(a, b) return vec(a.x - b.x, a.y - b.y, a.z - b.z) end
function Vec.__mul(a, s) return vec(a.x * s, a.y * s, a.z * s) end
function Vec.__unm(a) return vec(-a.x, -a.y, -a.z) end
function Vec:dot(b) return self.x * b.x + self.y * b.y + self.z * b.z end
function Vec:len() return sqrt(self:dot(self)) end
function Vec:norm() return self * (1 / self:len()) end
function Vec:mulv(b) return vec(self.x * b.x, self.y * b.y, self.z * b.z) end

---------------------------------------------------------------- scene objects
local Sphere = {}
Sphere.__index = Sphere
function Sphere.new(center, radius, colour, reflect)
  return setmetatable({ center = center, radius = radius, colour = colour,
    reflect = reflect }, Sphere)
end
-- distance along the ray to the nearest hit in front of the origin, or nil
function Sphere:hit(origin, dir)
  local oc = origin - self.center
  local b = oc:dot(dir)
  local c = oc:dot(oc) - self.radius * self.radius
  local disc = b * b - c
  if disc < 0 then return nil end
  local s = sqrt(disc)
  local t = -b - s
  if t > 1e-4 then return t end
  t = -b + s
  if t > 1e-4 then return t end
  return nil
end
function Sphere:normal(p) return (p - self.center):norm() end
function Sphere:colour_at() return self.colour end

local Plane = {}
Plane.__index = Plane
function Plane.new(point, normal, reflect)
  return setmetatable({ point = point, n = normal:norm(), reflect = reflect }, Plane)
end
function Plane:hit(origin, dir)
  local denom = self.n:dot(dir)
  if denom > -1e-6 and denom < 1e-6 then return nil end
  local t = (self.point - origin):dot(self.n) / denom
  if t > 1e-4 then return t end
  return nil
end
function Plane:normal() return self.n end
local white, dark = vec(0.9, 0.9, 0.9), vec(0.15, 0.15, 0.2)
function Plane:colour_at(p)
  if (floor(p.x) + floor(p.z)) % 2 == 0 then return white end
  return dark
end

---------------------------------------------------------------- tracing
local objects = {
  Sphere.new(vec(0, 1, 5), 1, vec(0.9, 0.2, 0.2), 0.3),
  Sphere.new(vec(-2.2, 0.8, 6), 0.8, vec(0.2, 0.9, 0.3), 0.2),
  Sphere.new(vec(2.1, 0.6, 4.2), 0.6, vec(0.2, 0.3, 0.95), 0.5),
  Sphere.new(vec(0.6, 0.3, 3), 0.3, vec(0.95, 0.9, 0.2), 0.0),
  Plane.new(vec(0, 0, 0), vec(0, 1, 0), 0.25),
}
local light = vec(-4, 6, -2)
local ambient = 0.1
local sky = vec(0.5, 0.7, 1.0)

local function nearest(origin, dir)
  local best, hit = math.huge, nil
  for i = 1, #objects do
    local o = objects[i]
    local t = o:hit(origin, dir)
    if t and t < best then best, hit = t, o end
  end
  return hit, best
end

local function trace(origin, dir, depth)
  local obj, t = nearest(origin, dir)
  if not obj then return sky * (0.5 + 0.5 * dir.y) end
  local p = origin + dir * t
  local n = obj:normal(p)
  local to_light = light - p
  local dist = to_light:len()
  to_light = to_light * (1 / dist)
  local diffuse = 0
  local shadow, st = nearest(p, to_light)
  if not shadow or st > dist then
    diffuse = n:dot(to_light)
    if diffuse < 0 then diffuse = 0 end
  end
  local c = obj:colour_at(p) * (ambient + (1 - ambient) * diffuse)
  if depth > 0 and obj.reflect > 0 then
    local r = dir - n * (2 * dir:dot(n))
    c = c * (1 - obj.reflect) + trace(p, r:norm(), depth - 1) * obj.reflect
  end
  return c
end

---------------------------------------------------------------- the image
local eye = vec(0, 1.2, -1)
local sum, lit = 0, 0
for j = 0, size - 1 do
  for i = 0, size - 1 do
    local dir = vec((i + 0.5) / size * 2 - 1, 1 - (j + 0.5) / size * 2, 1.2):norm()
    local c = trace(eye, dir, 3)
    local r, g, b = floor(c.x * 255 + 0.5), floor(c.y * 255 + 0.5), floor(c.z * 255 + 0.5)
    if r > 255 then r = 255 end
    if g > 255 then g = 255 end
    if b > 255 then b = 255 end
    sum = (sum * 31 + r * 65536 + g * 256 + b) % 1000000007
    if r + g + b > 300 then lit = lit + 1 end
  end
end
print(string.format("ray_tracer %d %d %d", size, lit, sum))
