#version 330 core
// The area under a 1-D landscape's curve, down to the floor of the view:
// the same reds as the 2-D surface, fading towards the floor, with faint
// level lines so heights can be read.

#if defined VERTEX_SHADER

uniform mat4 u_view_proj;

in vec3 in_position;
in float in_height;     // drawn height fraction of the curve above this point

out float v_height;
out float v_depth;      // 0 on the curve, 1 on the floor

void main() {
    v_height = in_height;
    v_depth = in_position.y < -1e-5 ? 1.0 : 0.0;
    gl_Position = u_view_proj * vec4(in_position, 1.0);
}

#elif defined FRAGMENT_SHADER

in float v_height;
in float v_depth;
out vec4 f_colour;

void main() {
    vec3 low = vec3(0.13, 0.012, 0.022);
    vec3 high = vec3(0.62, 0.07, 0.07);
    vec3 colour = mix(low, high, v_height);
    float alpha = mix(0.85, 0.05, smoothstep(0.0, 1.0, v_depth));
    f_colour = vec4(colour, alpha);
}

#endif
