#version 330 core
// Wide lines as one instanced quad per segment, expanded in screen space to
// a constant width in pixels, with optional dashes measured along the
// segment's cumulative arc length. Edges are anti-aliased analytically.

#if defined VERTEX_SHADER

uniform mat4 u_view_proj;
uniform vec2 u_viewport;       // pixels
uniform vec3 u_eye;
uniform float u_width;         // pixels
uniform float u_depth_bias;    // world units pulled towards the eye

in vec3 in_a;
in float in_sa;
in vec3 in_b;
in float in_sb;

out float v_s;
out float v_across;

vec4 biased(vec3 p) {
    return u_view_proj * vec4(p + normalize(u_eye - p) * u_depth_bias, 1.0);
}

void main() {
    float t = float(gl_VertexID & 1);
    float side = (gl_VertexID & 2) == 0 ? -1.0 : 1.0;
    vec4 ca = u_view_proj * vec4(in_a, 1.0);
    vec4 cb = u_view_proj * vec4(in_b, 1.0);
    vec2 half_viewport = 0.5 * u_viewport;
    vec2 pa = ca.xy / ca.w * half_viewport;
    vec2 pb = cb.xy / cb.w * half_viewport;
    vec2 dir = pb - pa;
    float len = length(dir);
    dir = len > 1e-4 ? dir / len : vec2(1.0, 0.0);
    vec2 across = vec2(-dir.y, dir.x);
    float half_width = 0.5 * u_width + 1.0;

    vec4 clip = mix(ca, cb, t);
    float along = (2.0 * t - 1.0) * half_width;   // square caps close the joins
    clip.xy += (across * side * half_width + dir * along) / half_viewport * clip.w;
    vec4 za = biased(in_a);
    vec4 zb = biased(in_b);
    vec4 zc = mix(za, zb, t);
    clip.z = zc.z / zc.w * clip.w;

    v_s = mix(in_sa, in_sb, t) + (in_sb - in_sa) * along / max(len, 1e-4);
    v_across = side * half_width;
    gl_Position = clip;
}

#elif defined FRAGMENT_SHADER

uniform float u_width;
uniform vec4 u_colour;
uniform vec4 u_edge_colour;    // rim drawn inside the line's edge
uniform float u_edge_width;    // pixels
uniform float u_dash_period;   // world units; 0 draws a solid line
uniform float u_dash_duty;

in float v_s;
in float v_across;
out vec4 f_colour;

void main() {
    float inside = 0.5 * u_width - abs(v_across);
    float coverage = clamp(inside + 0.5, 0.0, 1.0);
    if (u_dash_period > 0.0) {
        float f = v_s / u_dash_period;
        float w = max(fwidth(f), 1e-6);
        float p = fract(f);
        float d = p < u_dash_duty ? min(p, u_dash_duty - p) : -min(p - u_dash_duty, 1.0 - p);
        float dash = clamp(d / w + 0.5, 0.0, 1.0);
        // Far away dashes shrink below a pixel: blend to an even tone.
        dash = mix(dash, u_dash_duty, smoothstep(0.15, 0.35, w));
        coverage *= dash;
    }
    if (coverage <= 0.0) discard;
    float rim = clamp(inside - u_edge_width + 0.5, 0.0, 1.0);
    vec4 colour = mix(u_edge_colour, u_colour, rim);
    f_colour = vec4(colour.rgb, colour.a * coverage);
}

#endif
