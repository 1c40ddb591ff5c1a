#version 330 core
// Full-screen backdrop: a calm vertical gradient, dithered so the dark
// ramp shows no bands.

#if defined VERTEX_SHADER

out vec2 v_uv;

void main() {
    // One triangle covering the viewport, no vertex buffer needed.
    vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    v_uv = corner;
    gl_Position = vec4(corner * 2.0 - 1.0, 1.0, 1.0);
}

#elif defined FRAGMENT_SHADER

uniform vec3 u_top;
uniform vec3 u_bottom;

in vec2 v_uv;
out vec4 f_colour;

void main() {
    float t = smoothstep(0.0, 1.0, v_uv.y);
    vec2 centred = v_uv - vec2(0.5, 0.62);
    float vignette = 1.0 - 0.35 * dot(centred, centred);
    vec3 colour = mix(u_bottom, u_top, t) * vignette;
    // Interleaved gradient noise: +-half a code value breaks up banding.
    float noise = fract(52.9829189 * fract(dot(gl_FragCoord.xy, vec2(0.06711056, 0.00583715))));
    f_colour = vec4(colour + (noise - 0.5) / 255.0, 1.0);
}

#endif
