#version 330 core
// The landscape: a lit height field in deep reds, with height contours and
// a fine grid drawn analytically (anti-aliased with fwidth).
//
// Lighting is evaluated per vertex: the grid is fine enough (triangles of a
// few pixels) that it looks the same as per-pixel shading, and a software
// rasterizer spends its time per pixel, so the pixel stage stays short.

#if defined VERTEX_SHADER

uniform mat4 u_view_proj;
uniform vec3 u_eye;
uniform vec3 u_light;          // unit vector towards the key light
uniform float u_contours;      // contour lines across the height range
uniform float u_grid_cells;    // grid cells across the domain

in vec3 in_position;
in vec3 in_normal;
in float in_height;

out vec3 v_lit;                // shaded colour before lines and shadows
out vec3 v_lines;              // height in contour steps, x and z in grid cells

vec3 ramp(float t) {
    vec3 low = vec3(0.21, 0.022, 0.032);
    vec3 mid = vec3(0.54, 0.05, 0.06);
    vec3 high = vec3(0.88, 0.26, 0.14);
    return t < 0.55 ? mix(low, mid, smoothstep(0.0, 0.55, t))
                    : mix(mid, high, smoothstep(0.55, 1.0, t));
}

void main() {
    vec3 n = normalize(in_normal);
    vec3 v = normalize(u_eye - in_position);
    float ndl = dot(n, u_light);
    float wrap = max((ndl + 0.35) / 1.35, 0.0);
    vec3 sky = vec3(0.34, 0.36, 0.42);
    vec3 ground = vec3(0.10, 0.07, 0.07);
    vec3 ambient = mix(ground, sky, 0.5 + 0.5 * n.y);
    vec3 h = normalize(u_light + v);
    float facing = 1.0 - max(dot(n, v), 0.0);
    float spec = pow(max(dot(n, h), 0.0), 42.0) * (0.22 + 0.3 * facing * facing * facing * facing * facing);
    v_lit = ramp(in_height) * (0.55 * ambient + 0.95 * wrap * vec3(1.0, 0.95, 0.9))
          + spec * max(ndl, 0.0) * vec3(1.0, 0.92, 0.85);
    // Scaled here, not per pixel: the lines lie at whole values of each.
    v_lines = vec3(in_height * u_contours, (in_position.xz * 0.5 + 0.5) * u_grid_cells);
    gl_Position = u_view_proj * vec4(in_position, 1.0);
}

#elif defined FRAGMENT_SHADER

in vec3 v_lit;
in vec3 v_lines;
out vec4 f_colour;

// Line widths in pixels: contours, then the grid along x and along z.
const vec3 LINE_PX = vec3(1.1, 0.9, 0.9);

void main() {
    // Coverage of thin lines at whole values, anti-aliased over a pixel,
    // faded out where lines would crowd closer than a few pixels (no
    // shimmer). The values arrive pre-scaled from the vertex stage, as
    // llvmpipe shades tiny triangles several times over per pixel.
    vec3 w = fwidth(v_lines);
    vec3 d = abs(fract(v_lines + 0.5) - 0.5) / max(w, 1e-6);
    vec3 cover = clamp(0.5 * LINE_PX + 0.5 - d, 0.0, 1.0) * (1.0 - smoothstep(0.12, 0.3, w));
    vec3 colour = v_lit * (1.0 - 0.32 * cover.x);
    colour = mix(colour, vec3(0.9, 0.7, 0.66), 0.07 * max(cover.y, cover.z));
    f_colour = vec4(colour, 1.0);
}

#endif
