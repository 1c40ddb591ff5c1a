#version 330 core
// The minimap's ground: one textured quad placed in window pixels, with a
// thin dark rim so the map reads as a card over the 3-D view.

#if defined VERTEX_SHADER

uniform vec2 u_viewport;   // framebuffer size in pixels
uniform vec4 u_rect;       // x, y, w, h in pixels, origin bottom-left

out vec2 v_uv;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
    v_uv = corner;
    vec2 pos = u_rect.xy + corner * u_rect.zw;
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}

#elif defined FRAGMENT_SHADER

uniform sampler2D u_ground;
uniform vec4 u_rect;

in vec2 v_uv;
out vec4 f_colour;

void main() {
    vec3 colour = texture(u_ground, v_uv).rgb;
    vec2 from_edge = min(v_uv, 1.0 - v_uv) * u_rect.zw;   // pixels
    float rim = 1.0 - clamp(min(from_edge.x, from_edge.y) - 1.0, 0.0, 1.0);
    f_colour = vec4(mix(colour, vec3(0.02, 0.015, 0.02), 0.8 * rim), 1.0);
}

#endif
