package dev.scoring.rules;

import dev.scoring.api.Features;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a {@link Program} to JVM bytecode: one hidden class whose {@code run} and {@code points}
 * methods are the rule set's conditions as straight-line code with short-circuit jumps, so the JIT
 * compiles a rule set the way it would compile the same rules written by hand in Java. Leaves the
 * generator does not inline (string tests, sets, arithmetic) call their node. The class is defined
 * with {@link MethodHandles.Lookup#defineHiddenClass}, so it is unloaded with its rule set.
 *
 * <p>The class file is version 50 (Java 6) so it needs no stack map frames (the JVM verifies it by
 * type inference). If generation fails for any reason, or the code would exceed the JVM's limits,
 * {@link #compile(Program)} returns no code and why (a load warning), and the rule set evaluates its node tree instead:
 * the two agree exactly (the property tests check both against an interpreter of the parse tree).
 */
final class Codegen {

  /** The generated code of one rule set. */
  interface Code {
    void run(Features row, long now, RuleEvaluation out);

    double points(Features row, long now);
  }

  /** The largest method accepted: jumps are 16-bit, so stay well below 32 KiB. */
  private static final int MAX_CODE = 30_000;

  private Codegen() {}

  /** The generated code, or why there is none. */
  record Result(@Nullable Code code, @Nullable String failure) {}

  static Result compile(Program p) {
    try {
      Codegen.Writer w = new Codegen.Writer();
      byte[] bytes = w.classFile(p);
      if (bytes == null) {
        return new Result(null, "the rule set is too large for one generated method (" + MAX_CODE
            + " bytes of code, 65535 constants)");
      }
      MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
      return new Result((Code) lookup.findConstructor(lookup.lookupClass(),
          java.lang.invoke.MethodType.methodType(void.class, Nodes.Cond[].class)).invoke((Object) w.calls()), null);
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
        throw vme;
      }
      return new Result(null, "bytecode generation failed: " + e);
    }
  }

  // ---- a minimal class file writer

  private static final String FEATURES = "dev/scoring/api/Features";
  private static final String COND = "dev/scoring/rules/Nodes$Cond";
  private static final String EVAL = "dev/scoring/rules/RuleEvaluation";

  static final class Writer {
    private final ByteArrayOutputStream poolBytes = new ByteArrayOutputStream();
    private final DataOutputStream pool = new DataOutputStream(poolBytes);
    private final Map<String, Integer> entries = new HashMap<>();
    private int poolCount = 1;
    private final List<Nodes.Cond> calls = new ArrayList<>();

    Nodes.Cond[] calls() {
      return calls.toArray(new Nodes.Cond[0]);
    }

    private int entry(String key, IoWriter write, int slots) throws IOException {
      Integer i = entries.get(key);
      if (i != null) {
        return i;
      }
      write.write(pool);
      int index = poolCount;
      poolCount += slots;
      entries.put(key, index);
      return index;
    }

    @FunctionalInterface
    interface IoWriter {
      void write(DataOutputStream out) throws IOException;
    }

    int utf8(String s) throws IOException {
      return entry("U" + s, o -> {
        o.writeByte(1);
        o.writeUTF(s);
      }, 1);
    }

    int cls(String name) throws IOException {
      int n = utf8(name);
      return entry("C" + name, o -> {
        o.writeByte(7);
        o.writeShort(n);
      }, 1);
    }

    int nameAndType(String name, String type) throws IOException {
      int n = utf8(name);
      int t = utf8(type);
      return entry("N" + name + ":" + type, o -> {
        o.writeByte(12);
        o.writeShort(n);
        o.writeShort(t);
      }, 1);
    }

    int member(int tag, String owner, String name, String type) throws IOException {
      int c = cls(owner);
      int nt = nameAndType(name, type);
      return entry("M" + tag + owner + "." + name + type, o -> {
        o.writeByte(tag);
        o.writeShort(c);
        o.writeShort(nt);
      }, 1);
    }

    int dbl(double v) throws IOException {
      return entry("D" + Double.doubleToRawLongBits(v), o -> {
        o.writeByte(6);
        o.writeDouble(v);
      }, 2);
    }

    int integer(int v) throws IOException {
      return entry("I" + v, o -> {
        o.writeByte(3);
        o.writeInt(v);
      }, 1);
    }

    byte @Nullable [] classFile(Program p) throws IOException {
      String name = "dev/scoring/rules/GeneratedRules";
      int thisClass = cls(name);
      int superClass = cls("java/lang/Object");
      int iface = cls("dev/scoring/rules/Codegen$Code");
      int callsField = member(9, name, "calls", "[L" + COND + ";");
      int objectInit = member(10, "java/lang/Object", "<init>", "()V");

      // <init>(Cond[] calls): super(); this.calls = calls;
      Method init = new Method(this);
      init.op(0x2a).op(0xb7).u2(objectInit);
      init.op(0x2a).op(0x2b).op(0xb5).u2(callsField);
      init.op(0xb1);

      Method run = new Method(this);
      body(p, run, false, callsField);
      Method points = new Method(this);
      body(p, points, true, callsField);
      if (run.size() > MAX_CODE || points.size() > MAX_CODE) {
        return null;
      }
      run.resolve();
      points.resolve();

      int initName = utf8("<init>");
      int initType = utf8("([L" + COND + ";)V");
      int runName = utf8("run");
      int runType = utf8("(L" + FEATURES + ";JL" + EVAL + ";)V");
      int pointsName = utf8("points");
      int pointsType = utf8("(L" + FEATURES + ";J)D");
      int fieldName = utf8("calls");
      int fieldType = utf8("[L" + COND + ";");
      int codeAttr = utf8("Code");
      pool.flush();
      if (poolCount > 65_535) {
        return null;
      }

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(0xCAFEBABE);
      out.writeShort(0);
      out.writeShort(50);
      out.writeShort(poolCount);
      out.write(poolBytes.toByteArray());
      out.writeShort(0x0010 | 0x0020); // final, super
      out.writeShort(thisClass);
      out.writeShort(superClass);
      out.writeShort(1);
      out.writeShort(iface);
      out.writeShort(1); // fields
      out.writeShort(0x0010 | 0x0002); // private final
      out.writeShort(fieldName);
      out.writeShort(fieldType);
      out.writeShort(0);
      out.writeShort(3); // methods
      writeMethod(out, 0x0001, initName, initType, codeAttr, init, 2, 2);
      writeMethod(out, 0x0001, runName, runType, codeAttr, run, 10, 8);
      writeMethod(out, 0x0001, pointsName, pointsType, codeAttr, points, 10, 8);
      out.writeShort(0); // attributes
      return bytes.toByteArray();
    }

    private static void writeMethod(DataOutputStream out, int access, int name, int type, int codeAttr, Method m,
        int maxStack, int maxLocals) throws IOException {
      byte[] code = m.bytes();
      out.writeShort(access);
      out.writeShort(name);
      out.writeShort(type);
      out.writeShort(1);
      out.writeShort(codeAttr);
      out.writeInt(2 + 2 + 4 + code.length + 2 + 2);
      out.writeShort(maxStack);
      out.writeShort(maxLocals);
      out.writeInt(code.length);
      out.write(code);
      out.writeShort(0);
      out.writeShort(0);
    }

    // locals: 0 this, 1 row, 2-3 now, 4 out (run) or 4-5 sum (points), 6-7 a double temporary
    private void body(Program p, Method m, boolean pointsOnly, int callsField) throws IOException {
      int number = member(10, FEATURES, "number", "(I)D");
      int isMissing = member(10, FEATURES, "isMissing", "(I)Z");
      int test = member(10, COND, "test", "(L" + FEATURES + ";J)Z");
      int fire = member(10, EVAL, "fire", "(IID)V");
      Leaves leaves = new Leaves(m, number, isMissing, test, callsField);
      if (pointsOnly) {
        m.ldc2(dbl(p.base)).op(0x39).u1(4); // dstore 4
      }
      for (int g = 0; g < p.groups.length; g++) {
        Program.GroupCode group = p.groups[g];
        if (pointsOnly && !p.scoring(g)) {
          continue;
        }
        int groupEnd = m.label();
        for (int k = 0; k < group.conds().length; k++) {
          int id = group.ruleIds()[k];
          int next = m.label();
          leaves.cond(group.conds()[k], next);
          if (pointsOnly) {
            if (p.points[id] != 0.0) {
              m.op(0x18).u1(4).ldc2(dbl(p.points[id])).op(0x63).op(0x39).u1(4); // sum += points
            }
          } else {
            m.op(0x19).u1(4); // aload out
            m.pushInt(id, this);
            m.pushInt(p.kind[id], this);
            m.ldc2(dbl(p.points[id]));
            m.op(0xb6).u2(fire);
          }
          if (group.firstOnly()) {
            m.jump(0xa7, groupEnd);
          }
          m.place(next);
        }
        m.place(groupEnd);
      }
      if (pointsOnly) {
        m.op(0x18).u1(4).op(0xaf); // dload 4, dreturn
      } else {
        m.op(0xb1);
      }
    }

    /** Emits conditions as jumps: falls through when the condition holds, jumps to {@code no} when not. */
    private final class Leaves {
      final Method m;
      final int number;
      final int isMissing;
      final int test;
      final int callsField;

      Leaves(Method m, int number, int isMissing, int test, int callsField) {
        this.m = m;
        this.number = number;
        this.isMissing = isMissing;
        this.test = test;
        this.callsField = callsField;
      }

      private void value(int index) throws IOException {
        m.op(0x2b); // aload row
        m.pushInt(index, Writer.this);
        m.op(0xb6).u2(number);
      }

      void cond(Nodes.Cond c, int no) throws IOException {
        if (c instanceof Nodes.FeatGt n) {
          value(n.index);
          m.ldc2(dbl(n.value)).op(0x97).jump(0x9e, no); // dcmpl, ifle
        } else if (c instanceof Nodes.FeatGe n) {
          value(n.index);
          m.ldc2(dbl(n.value)).op(0x97).jump(0x9b, no); // dcmpl, iflt
        } else if (c instanceof Nodes.FeatLt n) {
          value(n.index);
          m.ldc2(dbl(n.value)).op(0x98).jump(0x9c, no); // dcmpg, ifge
        } else if (c instanceof Nodes.FeatLe n) {
          value(n.index);
          m.ldc2(dbl(n.value)).op(0x98).jump(0x9d, no); // dcmpg, ifgt
        } else if (c instanceof Nodes.FeatEq n) {
          value(n.index);
          m.ldc2(dbl(n.value)).op(0x97).jump(0x9a, no); // dcmpl, ifne
        } else if (c instanceof Nodes.FeatNe n) {
          value(n.index);
          m.op(0x39).u1(6); // dstore 6
          m.op(0x18).u1(6).op(0x18).u1(6).op(0x97).jump(0x9a, no); // NaN: v != v
          m.op(0x18).u1(6).ldc2(dbl(n.value)).op(0x97).jump(0x99, no); // equal: ifeq
        } else if (c instanceof Nodes.FeatBetween n) {
          value(n.index);
          m.op(0x39).u1(6);
          m.op(0x18).u1(6).ldc2(dbl(n.low)).op(0x97).jump(0x9b, no); // v < low (or NaN): no
          m.op(0x18).u1(6).ldc2(dbl(n.high)).op(0x98).jump(0x9d, no); // v > high (or NaN): no
        } else if (c instanceof Nodes.FeatMissing n) {
          m.op(0x2b);
          m.pushInt(n.index, Writer.this);
          m.op(0xb6).u2(isMissing);
          m.jump(n.negated ? 0x9a : 0x99, no); // missing: ifeq no; present: ifne no
        } else if (c instanceof Nodes.BoolFeature n) {
          value(n.index);
          m.op(0x0f).op(0x97).jump(0x9a, no); // dconst_1, dcmpl, ifne
        } else if (c instanceof Nodes.Const n) {
          if (!n.value) {
            m.jump(0xa7, no);
          }
        } else if (c instanceof Nodes.And n) {
          cond(n.left, no);
          cond(n.right, no);
        } else if (c instanceof Nodes.Or n) {
          int tryRight = m.label();
          int yes = m.label();
          cond(n.left, tryRight);
          m.jump(0xa7, yes);
          m.place(tryRight);
          cond(n.right, no);
          m.place(yes);
        } else if (c instanceof Nodes.Not n) {
          int holds = m.label();
          cond(n.operand, holds);
          m.jump(0xa7, no);
          m.place(holds);
        } else {
          int i = calls.size();
          calls.add(c);
          m.op(0x2a).op(0xb4).u2(callsField); // this.calls
          m.pushInt(i, Writer.this);
          m.op(0x32); // aaload
          m.op(0x2b).op(0x20); // aload row, lload_2
          m.op(0xb6).u2(test);
          m.jump(0x99, no); // ifeq
        }
      }
    }
  }

  /** One method's code with forward and backward labels. */
  static final class Method {
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final List<Integer> labelAt = new ArrayList<>();
    private final List<int[]> fixups = new ArrayList<>(); // {branch position, operand position, label}
    private byte @Nullable [] resolved;

    Method(Writer w) {}

    int size() {
      return code.size();
    }

    Method op(int b) {
      code.write(b);
      return this;
    }

    Method u1(int b) {
      code.write(b);
      return this;
    }

    Method u2(int v) {
      code.write(v >>> 8);
      code.write(v);
      return this;
    }

    Method ldc2(int index) {
      return op(0x14).u2(index);
    }

    void pushInt(int v, Writer w) throws IOException {
      if (v >= -1 && v <= 5) {
        op(0x03 + v);
      } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
        op(0x10).u1(v);
      } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
        op(0x11).u2(v);
      } else {
        op(0x13).u2(w.integer(v)); // ldc_w
      }
    }

    int label() {
      labelAt.add(-1);
      return labelAt.size() - 1;
    }

    void place(int label) {
      labelAt.set(label, code.size());
    }

    Method jump(int opcode, int label) {
      int at = code.size();
      op(opcode);
      fixups.add(new int[] {at, code.size(), label});
      return u2(0);
    }

    void resolve() {
      byte[] b = code.toByteArray();
      for (int[] f : fixups) {
        int target = labelAt.get(f[2]);
        if (target < 0) {
          throw new IllegalStateException("unplaced label");
        }
        int offset = target - f[0];
        b[f[1]] = (byte) (offset >>> 8);
        b[f[1] + 1] = (byte) offset;
      }
      resolved = b;
    }

    byte[] bytes() {
      return resolved != null ? resolved : code.toByteArray();
    }
  }
}
