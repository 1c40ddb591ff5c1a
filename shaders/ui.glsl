#version 330 core
// Flat 2-D overlay shapes drawn as instanced quads, each shape given by a
// signed distance in pixels so edges are anti-aliased analytically (no MSAA,
// which llvmpipe makes costly). One file, four programs chosen by a define:
//   FLAT   the flat inside of a shape: just its colour
//   BOX    outline bands of rounded boxes and circles (soft edge, stroke,
//          a light inner edge line)
//   PANEL  as BOX plus a drop shadow
//   ICONS  the icon set
// llvmpipe runs both sides of every branch, so each program holds only the
// code its fragments need; engine/overlay_batch.py decides which piece of a
// shape goes to which program.

#if defined VERTEX_SHADER

uniform vec2 u_viewport;          // framebuffer size in pixels

in vec2 in_corner;                // unit quad corner, 0..1
in vec4 in_quad;                  // area this instance covers: x, y, w, h in pixels
in vec4 in_shape;                 // the whole shape's rect (origin bottom-left)
in vec4 in_colour;                // straight (not premultiplied) rgba
in vec4 in_params;                // corner radius, blur, stroke, icon id
in vec4 in_shadow;                // shadow alpha, shadow blur, shadow drop, edge alpha

out vec2 v_local;                 // pixel offset from the shape's centre
flat out vec2 v_half;
flat out vec4 v_colour;
flat out vec4 v_params;
flat out vec4 v_shadow;

void main() {
    vec2 pos = in_quad.xy + in_corner * in_quad.zw;
    v_half = in_shape.zw * 0.5;
    v_local = pos - (in_shape.xy + v_half);
    v_colour = vec4(in_colour.rgb * in_colour.a, in_colour.a);
    v_params = in_params;
    v_shadow = in_shadow;
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}

#elif defined FRAGMENT_SHADER

in vec2 v_local;
flat in vec2 v_half;
flat in vec4 v_colour;
flat in vec4 v_params;
flat in vec4 v_shadow;

out vec4 f_colour;

// Distance functions after Inigo Quilez, "2D distance functions".
float sd_round_box(vec2 p, vec2 b, float r) {
    r = min(r, min(b.x, b.y));
    vec2 q = abs(p) - b + r;
    return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

float sd_segment(vec2 p, vec2 a, vec2 b) {
    vec2 pa = p - a, ba = b - a;
    float h = clamp(dot(pa, ba) / dot(ba, ba), 0.0, 1.0);
    return length(pa - ba * h);
}

float sd_triangle(vec2 p, vec2 p0, vec2 p1, vec2 p2) {
    vec2 e0 = p1 - p0, e1 = p2 - p1, e2 = p0 - p2;
    vec2 v0 = p - p0, v1 = p - p1, v2 = p - p2;
    vec2 pq0 = v0 - e0 * clamp(dot(v0, e0) / dot(e0, e0), 0.0, 1.0);
    vec2 pq1 = v1 - e1 * clamp(dot(v1, e1) / dot(e1, e1), 0.0, 1.0);
    vec2 pq2 = v2 - e2 * clamp(dot(v2, e2) / dot(e2, e2), 0.0, 1.0);
    float s = sign(e0.x * e2.y - e0.y * e2.x);
    vec2 d = min(min(vec2(dot(pq0, pq0), s * (v0.x * e0.y - v0.y * e0.x)),
                     vec2(dot(pq1, pq1), s * (v1.x * e1.y - v1.y * e1.x))),
                     vec2(dot(pq2, pq2), s * (v2.x * e2.y - v2.y * e2.x)));
    return -sqrt(d.x) * sign(d.y);
}

// Arc of radius ra and half-thickness rb, symmetric about +y, spanning the
// half-aperture whose (sin, cos) is sc; ends are round.
float sd_arc(vec2 p, vec2 sc, float ra, float rb) {
    p.x = abs(p.x);
    return ((sc.y * p.x > sc.x * p.y) ? length(p - sc * ra) : abs(length(p) - ra)) - rb;
}

vec2 rotate(vec2 p, float a) {
    float c = cos(a), s = sin(a);
    return vec2(c * p.x - s * p.y, s * p.x + c * p.y);
}

const float LINE = 0.12;          // icon stroke half-width, in icon radii

// Icons live in [-1, 1]^2 (y up); the result is in the same units. One
// if/else chain with no early return: llvmpipe turns returns from inlined
// functions into masks and would then evaluate every icon for every pixel.
float sd_icon(int icon, vec2 u) {
    float d = 1.0;
    vec2 a = abs(u);
    if (icon == 0) {              // play
        d = sd_triangle(u, vec2(-0.48, -0.74), vec2(-0.48, 0.74), vec2(0.80, 0.0)) - 0.06;
    } else if (icon == 1) {       // pause
        d = sd_round_box(vec2(a.x - 0.34, u.y), vec2(0.14, 0.70), 0.07);
    } else if (icon == 2) {       // step: play triangle and a bar
        float tri = sd_triangle(u, vec2(-0.70, -0.64), vec2(-0.70, 0.64), vec2(0.36, 0.0)) - 0.06;
        float bar = sd_round_box(u - vec2(0.60, 0.0), vec2(0.12, 0.66), 0.06);
        d = min(tri, bar);
    } else if (icon == 3) {       // reset: clockwise circular arrow
        float gap_centre = radians(62.0);
        float half_gap = radians(38.0);
        float ra = 0.64;
        vec2 q = rotate(u, radians(-90.0) - gap_centre);
        float aperture = radians(180.0) - half_gap;
        float arc = sd_arc(q, vec2(sin(aperture), cos(aperture)), ra, LINE);
        float end = gap_centre + half_gap;            // the arrowhead sits at this end
        vec2 radial = vec2(cos(end), sin(end));
        vec2 tangent = vec2(radial.y, -radial.x);     // clockwise direction
        vec2 base = radial * ra - tangent * 0.06;
        float head = sd_triangle(u, base + radial * 0.36, base - radial * 0.36,
                                 base + tangent * 0.46) - 0.03;
        d = min(arc, head);
    } else if (icon == 4) {       // plus
        d = min(sd_round_box(u, vec2(0.72, LINE), LINE), sd_round_box(u, vec2(LINE, 0.72), LINE));
    } else if (icon == 5) {       // minus
        d = sd_round_box(u, vec2(0.72, LINE), LINE);
    } else if (icon == 6) {       // fullscreen: corners pointing out
        d = min(sd_segment(a, vec2(0.78, 0.78), vec2(0.30, 0.78)),
                sd_segment(a, vec2(0.78, 0.78), vec2(0.78, 0.30))) - LINE;
    } else if (icon == 7) {       // exit fullscreen: corners pointing in
        d = min(sd_segment(a, vec2(0.28, 0.28), vec2(0.76, 0.28)),
                sd_segment(a, vec2(0.28, 0.28), vec2(0.28, 0.76))) - LINE;
    } else {                      // chevron up (8) / down (9)
        float dir = (icon == 8) ? 1.0 : -1.0;
        d = sd_segment(vec2(a.x, u.y * dir), vec2(0.0, 0.32), vec2(0.66, -0.34)) - LINE * 1.3;
    }
    return d;
}

// Coverage of the region d < 0, d in pixels: a one-pixel ramp, or a soft one
// `blur` pixels wide. Distances here are in screen pixels with unit gradient,
// so fwidth(d) would be 1 anyway and is not worth its cost.
float coverage(float d, float blur) {
    return blur > 0.0 ? 1.0 - smoothstep(-blur, blur, d) : clamp(0.5 - d, 0.0, 1.0);
}

// Colours are premultiplied from the vertex shader on: "over" is then one
// multiply-add, and the pass blends with (ONE, ONE_MINUS_SRC_ALPHA).
vec4 over(vec4 top, vec4 below) {
    return top + below * (1.0 - top.a);
}

void main() {
#if defined FLAT
    vec4 colour = v_colour;
#elif defined ICONS
    float unit = min(v_half.x, v_half.y);
    float d = sd_icon(int(v_params.w + 0.5), v_local / unit) * unit;
    vec4 colour = v_colour * coverage(d, 0.0);
#else
    float d = sd_round_box(v_local, v_half, v_params.x);
    float shape_d = v_params.z > 0.0 ? abs(d + v_params.z * 0.5) - v_params.z * 0.5 : d;
    vec4 colour = v_colour * coverage(shape_d, v_params.y);
    colour = over(vec4(v_shadow.w * coverage(abs(d + 0.5) - 0.5, 0.0)), colour);
#if defined PANEL
    // The shadow never shows less under the shape than a full one would, so
    // these bands meet the FLAT inside without a seam.
    float ds = sd_round_box(v_local + vec2(0.0, v_shadow.z), v_half, v_params.x);
    float shade = v_shadow.x * max(coverage(ds, v_shadow.y), coverage(d, 0.0));
    colour = over(colour, vec4(0.0, 0.0, 0.0, shade));
#endif
#endif
#if !defined FLAT
    if (colour.a <= 0.0) {
        discard;
    }
#endif
    f_colour = colour;
}

#endif
