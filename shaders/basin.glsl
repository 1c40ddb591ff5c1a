#version 330 core
// The basin map over the landscape: the surface grid drawn again, coloured
// by which minimum a start there reaches, lit like the landscape and
// blended over it so the relief still reads.

#if defined VERTEX_SHADER

uniform mat4 u_view_proj;
in vec3 in_position;
in vec3 in_normal;
in vec2 in_uv;                 // 0..1 across the domain, v along landscape y
out vec3 v_normal;
out vec2 v_uv;

void main() {
    v_normal = in_normal;
    v_uv = in_uv;
    gl_Position = u_view_proj * vec4(in_position, 1.0);
}

#elif defined FRAGMENT_SHADER

uniform sampler2D u_basins;
uniform vec3 u_light;
uniform float u_opacity;
in vec3 v_normal;
in vec2 v_uv;
out vec4 f_colour;

void main() {
    vec3 base = texture(u_basins, v_uv).rgb;
    float lit = 0.55 + 0.45 * max(dot(normalize(v_normal), u_light), 0.0);
    f_colour = vec4(base * lit, u_opacity);
}

#endif
