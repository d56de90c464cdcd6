/* askmali._kernels: the loops a question spends most of its time in, compiled (askmali.kernels
 * says when they are used; every caller keeps a Python or numpy path that gives the same
 * results when this module is not built).
 *
 * bm25 and weighted add the weighted postings of a question's terms into a float64 score
 * vector, posting after posting in the order given, with the arithmetic of the numpy code they
 * replace: the scores are bit for bit the same. osa gives the edit distances that typo
 * correction (askmali.spelling) computes in Python. Built by setup.py as an optional extension; no numpy headers, only the
 * buffer protocol. Compile without -ffast-math and with -ffp-contract=off (no fused
 * multiply-add), or the sums would differ in their last bits.
 *
 *   bm25(out, doc_ids, tf, starts, ends, idf, qw, norm, k1p1, offset)
 *       out[d + offset] += f64(f32(tf * idf[i] * k1p1 / (tf + norm[d + offset]))) * qw[i]
 *   weighted(out, doc_ids, values, starts, ends, qw, offset)
 *       out[d + offset] += f64(values) * qw[i]
 *
 * for each term i, for each posting p in [starts[i], ends[i]) with d = doc_ids[p]; qw may be
 * None (1 for every term).
 *
 *   osa(blob, offsets, ids, term, limit) -> bytes
 *       one byte per id: the OSA distance between term and vocabulary term ids[j] (the UTF-8
 *       bytes blob[offsets[id]:offsets[id + 1]], compared by code point), limit + 1 when over
 *       limit; 0 when it cannot tell (a term longer than 64 code points, bytes that are not
 *       UTF-8), so that the caller computes that one itself. doc_ids are int32 or int64, tf int32 or float32, values float32 or
 * int32; out, idf, qw and norm are float64; starts and ends int64. Every index is checked:
 * a damaged index raises ValueError, never reads or writes out of bounds.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_buffer view;
    int held;
} Buf;

static void release(Buf *b) {
    if (b->held) {
        PyBuffer_Release(&b->view);
        b->held = 0;
    }
}

/* kind: 'd' float64, 'q' int64, 'i' int32 or int64 ids, 'n' int32 or float32 numbers */
static int get(PyObject *obj, Buf *b, char kind, int writable, const char *name) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &b->view, flags) < 0)
        return -1;
    b->held = 1;
    const char *f = b->view.format ? b->view.format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    Py_ssize_t size = b->view.itemsize;
    int ok = 0;
    switch (kind) {
    case 'd':
        ok = *f == 'd' && size == 8;
        break;
    case 'q':
        ok = (*f == 'q' || *f == 'l') && size == 8;
        break;
    case 'i':
        ok = ((*f == 'i' || *f == 'l') && size == 4) || ((*f == 'q' || *f == 'l') && size == 8);
        break;
    case 'n':
        ok = ((*f == 'i' || *f == 'l') && size == 4) || (*f == 'f' && size == 4);
        break;
    }
    if (!ok || b->view.ndim > 1) {
        PyErr_Format(PyExc_TypeError, "%s: unexpected array type (format %s, item size %zd)", name, f, size);
        release(b);
        return -1;
    }
    return 0;
}

static Py_ssize_t len_of(Buf *b) { return b->view.len / b->view.itemsize; }

static inline int64_t doc_at(const Buf *b, Py_ssize_t p) {
    return b->view.itemsize == 4 ? (int64_t)((const int32_t *)b->view.buf)[p] : ((const int64_t *)b->view.buf)[p];
}

static inline double number_at(const Buf *b, int is_float, Py_ssize_t p) {
    return is_float ? (double)((const float *)b->view.buf)[p] : (double)((const int32_t *)b->view.buf)[p];
}

/* the arguments both kernels share, checked */
typedef struct {
    Buf out, docs, nums, starts, ends, qw;
    Py_ssize_t n, n_postings, m;
    int64_t offset;
    int nums_float, has_qw;
} Common;

static void release_common(Common *c) {
    release(&c->out);
    release(&c->docs);
    release(&c->nums);
    release(&c->starts);
    release(&c->ends);
    release(&c->qw);
}

static int check_common(Common *c, PyObject *out, PyObject *docs, PyObject *nums, PyObject *starts, PyObject *ends,
                        PyObject *qw, long long offset) {
    memset(c, 0, sizeof(*c));
    if (get(out, &c->out, 'd', 1, "out") < 0 || get(docs, &c->docs, 'i', 0, "doc_ids") < 0 ||
        get(nums, &c->nums, 'n', 0, "values") < 0 || get(starts, &c->starts, 'q', 0, "starts") < 0 ||
        get(ends, &c->ends, 'q', 0, "ends") < 0)
        return -1;
    c->n = len_of(&c->out);
    c->n_postings = len_of(&c->docs);
    c->m = len_of(&c->starts);
    c->offset = offset;
    c->nums_float = c->nums.view.format && strchr(c->nums.view.format, 'f') != NULL;
    if (len_of(&c->nums) != c->n_postings || len_of(&c->ends) != c->m) {
        PyErr_SetString(PyExc_ValueError, "postings: arrays of different lengths");
        return -1;
    }
    if (qw != Py_None) {
        if (get(qw, &c->qw, 'd', 0, "qw") < 0)
            return -1;
        if (len_of(&c->qw) != c->m) {
            PyErr_SetString(PyExc_ValueError, "qw: one weight per term expected");
            return -1;
        }
        c->has_qw = 1;
    }
    const int64_t *s = c->starts.view.buf, *e = c->ends.view.buf;
    for (Py_ssize_t i = 0; i < c->m; i++) {
        if (s[i] < 0 || e[i] < s[i] || e[i] > c->n_postings) {
            PyErr_SetString(PyExc_ValueError, "postings: a term's range is outside its arrays");
            return -1;
        }
    }
    return 0;
}

/* a loop's result: None, or the error of a document id outside the score vector */
static PyObject *finished(int bad) {
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "postings: a document id is outside the score vector");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *bm25(PyObject *self, PyObject *args) {
    PyObject *out, *docs, *tf, *starts, *ends, *idf_obj, *qw, *norm_obj;
    double k1p1;
    long long offset;
    if (!PyArg_ParseTuple(args, "OOOOOOOOdL", &out, &docs, &tf, &starts, &ends, &idf_obj, &qw, &norm_obj, &k1p1, &offset))
        return NULL;
    Common c;
    Buf idf = {0}, norm = {0};
    PyObject *result = NULL;
    if (check_common(&c, out, docs, tf, starts, ends, qw, offset) < 0 || get(idf_obj, &idf, 'd', 0, "idf") < 0 ||
        get(norm_obj, &norm, 'd', 0, "norm") < 0)
        goto done;
    if (len_of(&idf) != c.m) {
        PyErr_SetString(PyExc_ValueError, "idf: one value per term expected");
        goto done;
    }
    Py_ssize_t limit = c.n < len_of(&norm) ? c.n : len_of(&norm);
    {
        double *acc = c.out.view.buf;
        const double *id = idf.view.buf, *nm = norm.view.buf, *q = c.has_qw ? c.qw.view.buf : NULL;
        const int64_t *s = c.starts.view.buf, *e = c.ends.view.buf;
        int bad = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < c.m && !bad; i++) {
            const double term_idf = id[i], weight = q ? q[i] : 1.0;
            for (Py_ssize_t p = s[i]; p < e[i]; p++) {
                int64_t d = doc_at(&c.docs, p) + c.offset;
                if (d < 0 || d >= limit) {
                    bad = 1;
                    break;
                }
                double t = number_at(&c.nums, c.nums_float, p);
                double denominator = t + nm[d];
                double w = t * term_idf;
                w *= k1p1;
                w /= denominator;
                w = (double)(float)w;
                if (q)
                    w *= weight;
                acc[d] += w;
            }
        }
        Py_END_ALLOW_THREADS
        result = finished(bad);
    }
done:
    release_common(&c);
    release(&idf);
    release(&norm);
    return result;
}

static PyObject *weighted(PyObject *self, PyObject *args) {
    PyObject *out, *docs, *values, *starts, *ends, *qw;
    long long offset;
    if (!PyArg_ParseTuple(args, "OOOOOOL", &out, &docs, &values, &starts, &ends, &qw, &offset))
        return NULL;
    Common c;
    PyObject *result = NULL;
    if (check_common(&c, out, docs, values, starts, ends, qw, offset) < 0)
        goto done;
    {
        double *acc = c.out.view.buf;
        const double *q = c.has_qw ? c.qw.view.buf : NULL;
        const int64_t *s = c.starts.view.buf, *e = c.ends.view.buf;
        int bad = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < c.m && !bad; i++) {
            const double weight = q ? q[i] : 1.0;
            for (Py_ssize_t p = s[i]; p < e[i]; p++) {
                int64_t d = doc_at(&c.docs, p) + c.offset;
                if (d < 0 || d >= c.n) {
                    bad = 1;
                    break;
                }
                double v = number_at(&c.nums, c.nums_float, p);
                acc[d] += q ? v * weight : v;
            }
        }
        Py_END_ALLOW_THREADS
        result = finished(bad);
    }
done:
    release_common(&c);
    return result;
}


/* one UTF-8 code point at *p (p < end), or -1 for bytes that are not UTF-8 */
static inline int32_t next_code_point(const unsigned char **p, const unsigned char *end) {
    const unsigned char *s = *p;
    unsigned char c = s[0];
    int n;
    int32_t cp;
    if (c < 0x80) {
        *p = s + 1;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        n = 1;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 2;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 3;
        cp = c & 0x07;
    } else {
        return -1;
    }
    if (end - s <= n)
        return -1;
    for (int k = 1; k <= n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    *p = s + n + 1;
    return cp;
}

/* Myers' bit-parallel edit distance with Hyyro's transposition term, as spelling._osa */
static PyObject *osa(PyObject *self, PyObject *args) {
    PyObject *blob_obj, *offsets_obj, *ids_obj, *term;
    int limit;
    if (!PyArg_ParseTuple(args, "OOOUi", &blob_obj, &offsets_obj, &ids_obj, &term, &limit))
        return NULL;
    Buf blob = {0}, offsets = {0}, ids = {0};
    PyObject *result = NULL;
    if (PyObject_GetBuffer(blob_obj, &blob.view, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    blob.held = 1;
    if (get(offsets_obj, &offsets, 'q', 0, "offsets") < 0 || get(ids_obj, &ids, 'q', 0, "ids") < 0)
        goto done;
    Py_ssize_t m = PyUnicode_GET_LENGTH(term), n_ids = len_of(&ids), n_terms = len_of(&offsets) - 1;
    result = PyBytes_FromStringAndSize(NULL, n_ids);
    if (result == NULL)
        goto done;
    unsigned char *out = (unsigned char *)PyBytes_AS_STRING(result);
    if (m == 0 || m > 64 || limit < 0 || limit > 250) {
        memset(out, 0, n_ids);
        goto done;
    }
    /* the pattern: each distinct code point of term with the bits of its places */
    int32_t chars[64];
    uint64_t masks[64];
    int distinct = 0;
    int kind = PyUnicode_KIND(term);
    const void *data = PyUnicode_DATA(term);
    for (Py_ssize_t i = 0; i < m; i++) {
        int32_t c = (int32_t)PyUnicode_READ(kind, data, i);
        int j = 0;
        while (j < distinct && chars[j] != c)
            j++;
        if (j == distinct) {
            chars[distinct] = c;
            masks[distinct++] = 0;
        }
        masks[j] |= (uint64_t)1 << i;
    }
    const uint64_t mask = m == 64 ? ~(uint64_t)0 : (((uint64_t)1 << m) - 1), top = (uint64_t)1 << (m - 1);
    const unsigned char *bytes = blob.view.buf;
    const int64_t *off = offsets.view.buf, *id = ids.view.buf;
    const Py_ssize_t blob_len = blob.view.len;
    for (Py_ssize_t j = 0; j < n_ids; j++) {
        int64_t t = id[j];
        if (t < 0 || t >= n_terms || off[t] < 0 || off[t] > off[t + 1] || off[t + 1] > blob_len) {
            Py_CLEAR(result);
            PyErr_SetString(PyExc_ValueError, "osa: a term id is outside the vocabulary");
            goto done;
        }
        const unsigned char *p = bytes + off[t], *end = bytes + off[t + 1];
        uint64_t vp = mask, vn = 0, d0 = 0, pm_prev = 0;
        int score = (int)m, length = 0, unknown = 0;
        while (p < end) {
            int32_t c = next_code_point(&p, end);
            if (c < 0) {
                unknown = 1;
                break;
            }
            length++;
            uint64_t pm = 0;
            for (int k = 0; k < distinct; k++)
                if (chars[k] == c) {
                    pm = masks[k];
                    break;
                }
            d0 = ((((~d0 & pm) << 1) & pm_prev) | (((pm & vp) + vp) ^ vp) | pm | vn) & mask;
            uint64_t hp = vn | (~(d0 | vp) & mask);
            uint64_t hn = d0 & vp;
            if (hp & top)
                score++;
            else if (hn & top)
                score--;
            hp = ((hp << 1) | 1) & mask;
            hn = (hn << 1) & mask;
            vp = hn | (~(d0 | hp) & mask);
            vn = hp & d0;
            pm_prev = pm;
        }
        if (unknown)
            out[j] = 0;
        else
            out[j] = (unsigned char)(score <= limit ? score : limit + 1);
        (void)length;
    }
done:
    release(&blob);
    release(&offsets);
    release(&ids);
    return result;
}

static PyMethodDef methods[] = {
    {"bm25", bm25, METH_VARARGS, "Add the BM25 weights of the postings of terms [starts, ends) into out."},
    {"weighted", weighted, METH_VARARGS, "Add values * qw of the postings of terms [starts, ends) into out."},
    {"osa", osa, METH_VARARGS, "OSA distances between a term and vocabulary terms, one byte each."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", "Compiled loops of the question path (askmali.kernels).", -1, methods};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
