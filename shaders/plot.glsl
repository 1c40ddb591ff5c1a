#version 330 core
// Polylines for the 2-D overlay (plots, axes): one instanced quad per
// segment, expanded in the vertex shader to the line's width in pixels plus
// a pixel of margin, and anti-aliased in the fragment shader from the
// distance to the segment. The distance is to a capsule, so ends and joins
// come out round and consecutive segments meet without gaps or notches.

#if defined VERTEX_SHADER

uniform vec2 u_viewport;          // framebuffer size in pixels

in vec2 in_a;                     // segment start, window pixels (origin bottom-left)
in vec2 in_b;                     // segment end
in vec4 in_colour;                // straight (not premultiplied) rgba
in float in_width;                // pixels

out vec2 v_pos;                   // this fragment's position in pixels
flat out vec2 v_a;
flat out vec2 v_b;
flat out float v_half;
flat out vec4 v_colour;

void main() {
    float t = float(gl_VertexID & 1);
    float side = (gl_VertexID & 2) == 0 ? -1.0 : 1.0;
    vec2 dir = in_b - in_a;
    float len = length(dir);
    dir = len > 1e-4 ? dir / len : vec2(1.0, 0.0);
    vec2 across = vec2(-dir.y, dir.x);
    // Lines thinner than a pixel are drawn one pixel wide and fainter:
    // thinner coverage would only flicker from pixel to pixel.
    float half_width = 0.5 * max(in_width, 1.0);
    float reach = half_width + 1.0;
    vec2 pos = mix(in_a, in_b, t) + dir * (2.0 * t - 1.0) * reach + across * side * reach;
    v_pos = pos;
    v_a = in_a;
    v_b = in_b;
    v_half = half_width;
    float alpha = in_colour.a * min(in_width, 1.0);
    v_colour = vec4(in_colour.rgb * alpha, alpha);
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}

#elif defined FRAGMENT_SHADER

in vec2 v_pos;
flat in vec2 v_a;
flat in vec2 v_b;
flat in float v_half;
flat in vec4 v_colour;

out vec4 f_colour;

float sd_segment(vec2 p, vec2 a, vec2 b) {
    vec2 pa = p - a, ba = b - a;
    float h = clamp(dot(pa, ba) / max(dot(ba, ba), 1e-8), 0.0, 1.0);
    return length(pa - ba * h);
}

void main() {
    float d = sd_segment(v_pos, v_a, v_b) - v_half;
    // A one-pixel ramp across the edge, measured in screen pixels.
    float coverage = clamp(0.5 - d / max(fwidth(d), 1e-4), 0.0, 1.0);
    if (coverage <= 0.0) {
        discard;
    }
    f_colour = v_colour * coverage;   // premultiplied
}

#endif
