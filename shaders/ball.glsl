#version 330 core
// Balls as ray-traced sphere impostors: a camera-facing quad per ball, the
// exact sphere found per pixel, its silhouette anti-aliased and its depth
// written so it sits correctly in the landscape.

#if defined VERTEX_SHADER

uniform mat4 u_view_proj;
uniform vec3 u_eye;

in vec4 in_sphere;     // xyz centre, w radius
in vec4 in_colour;     // rgb, and opacity (a ball that flew off fades)

out vec3 v_world;
flat out vec4 v_sphere;
flat out vec4 v_colour;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1)) * 2.0 - 1.0;
    vec3 centre = in_sphere.xyz;
    float r = in_sphere.w;
    vec3 to_eye = u_eye - centre;
    float dist = length(to_eye);
    vec3 forward = to_eye / dist;
    vec3 right = normalize(cross(vec3(0.0, 1.0, 0.0), forward));
    vec3 up = cross(forward, right);
    // The silhouette of a sphere seen in perspective is wider than its
    // radius; the quad sits in front of the centre and covers it with margin.
    float grow = dist / sqrt(max(dist * dist - r * r, 1e-6)) * 1.15;
    vec3 p = centre + forward * r + (right * corner.x + up * corner.y) * r * grow;
    v_world = p;
    v_sphere = in_sphere;
    v_colour = in_colour;
    gl_Position = u_view_proj * vec4(p, 1.0);
}

#elif defined FRAGMENT_SHADER

uniform mat4 u_view_proj;
uniform vec3 u_eye;
uniform vec3 u_light;
uniform float u_opacity;   // 1 in front; a faint silhouette where a hill hides the ball

in vec3 v_world;
flat in vec4 v_sphere;
flat in vec4 v_colour;
out vec4 f_colour;

void main() {
    vec3 dir = normalize(v_world - u_eye);
    vec3 oc = u_eye - v_sphere.xyz;
    float r = v_sphere.w;
    float b = dot(oc, dir);
    float miss2 = max(dot(oc, oc) - b * b, 0.0);
    float miss = sqrt(miss2);
    float edge = (r - miss) / max(fwidth(miss), 1e-6);
    float coverage = clamp(edge + 0.5, 0.0, 1.0);
    if (coverage <= 0.0) discard;

    float t = -b - sqrt(max(r * r - miss2, 0.0));
    vec3 hit = u_eye + t * dir;
    vec3 n = normalize(hit - v_sphere.xyz);
    vec3 v = -dir;
    float ndl = dot(n, u_light);
    float wrap = max((ndl + 0.2) / 1.2, 0.0);
    vec3 ambient = mix(vec3(0.10, 0.05, 0.05), vec3(0.36, 0.38, 0.45), 0.5 + 0.5 * n.y);
    vec3 h = normalize(u_light + v);
    float ndh = max(dot(n, h), 0.0);
    float spec = pow(ndh, 60.0) * 1.0;
    float broad = pow(ndh, 10.0) * 0.16;
    float fresnel = pow(1.0 - max(dot(n, v), 0.0), 4.0);
    vec3 colour = v_colour.rgb * (0.45 * ambient + 1.0 * wrap)
                + (spec + broad) * vec3(1.0, 0.97, 0.94)
                + fresnel * 0.22 * vec3(0.55, 0.6, 0.75);

    vec4 clip = u_view_proj * vec4(hit, 1.0);
    gl_FragDepth = 0.5 + 0.5 * clip.z / clip.w;
    f_colour = vec4(colour, coverage * v_colour.a * u_opacity);
}

#endif
