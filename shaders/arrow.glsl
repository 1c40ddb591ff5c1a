#version 330 core
// Teaching arrows drawn over the landscape: a shaft of instanced segments
// of constant pixel width that follows the surface, and a flat triangular
// head, both expanded in screen space and anti-aliased from their distance
// to the edge in pixels. Drawn twice: first grown by a pixel or two in a
// dark colour (an outline that reads on any landscape colour), then in
// their own colour. Depth is pulled towards the eye so the arrows sit on
// the surface without sinking into it, yet a hill in front still hides them.

#if defined VERTEX_SHADER

uniform mat4 u_view_proj;
uniform vec2 u_viewport;       // pixels
uniform vec3 u_eye;
uniform float u_width;         // shaft width, pixels
uniform float u_head_width;    // head width at its base, pixels
uniform float u_grow;          // extra pixels on every side (outline pass)
uniform float u_depth_bias;    // world units towards the eye

in vec3 in_a;                  // shaft: segment start; head: base centre
in vec3 in_b;                  // shaft: segment end;   head: tip
in vec4 in_colour;
in float in_kind;              // 0 shaft segment, 1 head

out vec2 v_local;              // (along, across) in pixels from a
flat out float v_length;       // pixels from a to b
flat out float v_kind;
flat out vec4 v_colour;

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

    float half_width = (in_kind > 0.5 ? 0.5 * u_head_width : 0.5 * u_width) + u_grow + 1.0;
    // The head's back edge needs no margin behind it when growing: the shaft
    // covers it; the tip gets margin for the outline and the edge ramp.
    float before = in_kind > 0.5 ? u_grow + 1.0 : half_width;
    float after = in_kind > 0.5 ? 2.0 * u_grow + 2.0 : half_width;
    float along = t > 0.5 ? len + after : -before;

    vec4 clip = mix(ca, cb, t);
    vec2 offset = across * side * half_width + dir * (along - t * len);
    clip.xy += offset / half_viewport * clip.w;
    vec4 zc = mix(biased(in_a), biased(in_b), t);
    clip.z = zc.z / zc.w * clip.w;

    v_local = vec2(along, side * half_width);
    v_length = len;
    v_kind = in_kind;
    v_colour = in_colour;
    gl_Position = clip;
}

#elif defined FRAGMENT_SHADER

uniform float u_width;
uniform float u_head_width;
uniform float u_grow;
uniform vec4 u_outline;        // rgba; alpha 0 draws the arrows' own colours

in vec2 v_local;
flat in float v_length;
flat in float v_kind;
flat in vec4 v_colour;
out vec4 f_colour;

void main() {
    float inside;
    if (v_kind > 0.5) {
        // Signed distance inside the triangle (base at along 0, tip at
        // along v_length), in pixels, grown by u_grow.
        float hw = 0.5 * u_head_width;
        float l = max(v_length, 1e-3);
        float slanted = (hw * (l - v_local.x) / l - abs(v_local.y)) * l / sqrt(l * l + hw * hw);
        inside = min(slanted, v_local.x + 0.5) + u_grow;
    } else {
        float beyond = max(-v_local.x, v_local.x - v_length);   // past either end
        inside = min(0.5 * u_width - abs(v_local.y), 0.5 * u_width - max(beyond, 0.0)) + u_grow;
    }
    float coverage = clamp(inside + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;
    vec4 colour = u_outline.a > 0.0 ? u_outline : v_colour;
    f_colour = vec4(colour.rgb, colour.a * coverage);
}

#endif
