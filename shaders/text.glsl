#version 330 core
// Text as one instanced quad per glyph, sampled from a coverage atlas that was
// rasterised at exactly this pixel size. Quads sit on whole pixels and the
// atlas is sampled with NEAREST, so each texel lands on one screen pixel.

#if defined VERTEX_SHADER

uniform vec2 u_viewport;

in vec2 in_corner;                // unit quad corner, 0..1
in vec4 in_rect;                  // x, y, w, h in pixels, origin bottom-left
in vec4 in_uv;                    // u0, v_bottom, u1, v_top in the atlas
in vec4 in_colour;

out vec2 v_uv;
flat out vec4 v_colour;

void main() {
    vec2 pos = in_rect.xy + in_corner * in_rect.zw;
    v_uv = mix(in_uv.xy, in_uv.zw, in_corner);
    v_colour = vec4(in_colour.rgb * in_colour.a, in_colour.a);
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}

#elif defined FRAGMENT_SHADER

uniform sampler2D u_atlas;

in vec2 v_uv;
flat in vec4 v_colour;

out vec4 f_colour;

void main() {
    float coverage = texture(u_atlas, v_uv).r;
    if (coverage <= 0.0) {
        discard;
    }
    // Premultiplied: drawn with blend (ONE, ONE_MINUS_SRC_ALPHA).
    f_colour = v_colour * coverage;
}

#endif
