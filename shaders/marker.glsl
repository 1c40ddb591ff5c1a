#version 330 core
// Rings, discs and soft blobs: minima, start points, contact shadows and
// the beacon over the global minimum. Drawn on small patches draped over
// the surface (or on quads facing the eye), shaped per pixel from the
// patch coordinates and anti-aliased with fwidth.

#if defined VERTEX_SHADER

uniform mat4 u_view_proj;
uniform vec3 u_eye;
uniform float u_depth_bias;

in vec3 in_position;
in vec2 in_uv;         // in marker radii from the centre
in vec4 in_colour;
in vec4 in_style;      // ring inner edge, fill alpha (< 0: soft blob), glow, glow reach

out vec2 v_uv;
flat out vec4 v_colour;
flat out vec4 v_style;

void main() {
    v_uv = in_uv;
    v_colour = in_colour;
    v_style = in_style;
    vec4 clip = u_view_proj * vec4(in_position, 1.0);
    vec4 pulled = u_view_proj * vec4(in_position + normalize(u_eye - in_position) * u_depth_bias, 1.0);
    clip.z = pulled.z / pulled.w * clip.w;
    gl_Position = clip;
}

#elif defined FRAGMENT_SHADER

uniform float u_opacity;

in vec2 v_uv;
flat in vec4 v_colour;
flat in vec4 v_style;
out vec4 f_colour;

void main() {
    float r = length(v_uv);
    float alpha;
    if (v_style.y < 0.0) {
        float k = clamp(1.0 - r * r, 0.0, 1.0);
        alpha = -v_style.y * k * k;
    } else {
        float w = max(fwidth(r), 1e-6);
        float outer = clamp((1.0 - r) / w + 0.5, 0.0, 1.0);
        float inner = clamp((r - v_style.x) / w + 0.5, 0.0, 1.0);
        float glow = v_style.z * exp(-3.0 * max(r - 1.0, 0.0) / max(v_style.w - 1.0, 1e-3))
                     * (1.0 - outer) * (1.0 - smoothstep(0.8 * v_style.w, v_style.w, r));
        alpha = max(outer * inner, outer * v_style.y) + glow;
    }
    if (alpha <= 0.002) discard;
    f_colour = vec4(v_colour.rgb, v_colour.a * min(alpha, 1.0) * u_opacity);
}

#endif
