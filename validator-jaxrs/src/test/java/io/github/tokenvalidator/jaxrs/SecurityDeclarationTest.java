package io.github.tokenvalidator.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** Which {@link OAuthSecurity} governs a resource method: the rules documented on the annotation. */
class SecurityDeclarationTest {

  @OAuthSecurity(scope = "base.class")
  public abstract static class BaseResource {
    @GET
    @OAuthSecurity(scope = "base.method")
    public abstract String annotatedInBase();

    @GET
    public String plainInBase() {
      return "";
    }
  }

  @Path("derived")
  public static class DerivedResource extends BaseResource {
    /** No JAX-RS annotation of its own: inherits the base method's, @OAuthSecurity included. */
    @Override
    public String annotatedInBase() {
      return "";
    }

    @GET
    @Path("own")
    public String own() {
      return "";
    }
  }

  @Path("plain-derived")
  public static class PlainDerived extends PlainBase {}

  public static class PlainBase {
    @GET
    public String get() {
      return "";
    }
  }

  public interface Parent {
    @GET
    @Path("{id}")
    @OAuthSecurity(scope = "parent.method")
    String byId(@PathParam("id") String id);
  }

  @OAuthSecurity(scope = "child.interface")
  public interface Child extends Parent {
    @GET
    String list();
  }

  @Path("children")
  public static class ChildResource implements Child {
    @Override
    public String byId(String id) {
      return id;
    }

    @Override
    public String list() {
      return "";
    }
  }

  /** Superclass declarations take precedence over interface ones (Jakarta REST §3.6). */
  public abstract static class AbstractChildResource implements Child {
    @Override
    @OAuthSecurity(scope = "superclass.method")
    public abstract String list();
  }

  @Path("concrete")
  public static class ConcreteChildResource extends AbstractChildResource {
    @Override
    public String byId(String id) {
      return id;
    }

    @Override
    public String list() {
      return "";
    }
  }

  @Path("locators")
  public static class WithPlainLocator {
    @Path("sub")
    public DerivedResource sub() {
      return new DerivedResource();
    }

    @GET
    @Path("get")
    @OAuthSecurity(scope = "x")
    public String get() {
      return "";
    }
  }

  @Test
  void methodInheritingJaxRsAnnotationsFromSuperclassInheritsItsDeclaration() throws Exception {
    assertDeclaration(DerivedResource.class, method(DerivedResource.class, "annotatedInBase"), "base.method",
        BaseResource.class.getName() + ".annotatedInBase()");
  }

  @Test
  void superclassClassDeclarationCoversSubclassMethods() throws Exception {
    assertDeclaration(DerivedResource.class, method(DerivedResource.class, "own"), "base.class",
        BaseResource.class.getName());
    assertDeclaration(DerivedResource.class, method(BaseResource.class, "plainInBase"), "base.class",
        BaseResource.class.getName());
  }

  @Test
  void resourceWithoutDeclarationsAnywhereHasNone() throws Exception {
    SecurityDeclaration declaration = SecurityDeclaration.of(PlainDerived.class, method(PlainBase.class, "get"));

    assertThat(declaration.annotation()).isNull();
    assertThat(declaration.location()).isNull();
  }

  @Test
  void methodDeclaredInSuperinterfaceIsFoundThroughTheInterfaceChain() throws Exception {
    Method byId = ChildResource.class.getMethod("byId", String.class);

    assertDeclaration(ChildResource.class, byId, "parent.method", Parent.class.getName() + ".byId(String)");
  }

  @Test
  void interfaceClassDeclarationCoversOnlyTheMethodsThatInterfaceDeclares() throws Exception {
    assertDeclaration(ChildResource.class, method(ChildResource.class, "list"), "child.interface",
        Child.class.getName());
    // reported as Jersey does: the interface method that carries the JAX-RS annotations
    assertDeclaration(ChildResource.class, method(Child.class, "list"), "child.interface", Child.class.getName());
  }

  @Test
  void interfaceReportedAsTheResourceClassIsReadOnItsOwn() throws Exception {
    // reported as RESTEasy does when @Path sits on the interface
    assertDeclaration(Child.class, method(Child.class, "list"), "child.interface", Child.class.getName());
  }

  @Test
  void superclassMethodDeclarationWinsOverInterfaceClassDeclaration() throws Exception {
    assertDeclaration(ConcreteChildResource.class, method(ConcreteChildResource.class, "list"), "superclass.method",
        AbstractChildResource.class.getName() + ".list()");
  }

  @Test
  void unannotatedLocatorIsAccepted() {
    SecurityDeclaration.rejectAnnotatedLocators(WithPlainLocator.class);
  }

  @Test
  void annotatedLocatorIsRejectedNamingIt() {
    assertThatThrownBy(() -> SecurityDeclaration.rejectAnnotatedLocators(Resources.AnnotatedLocator.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Resources.AnnotatedLocator.class.getName() + ".items()")
        .hasMessageContaining("annotate the sub-resource class or its methods instead");
  }

  private static Method method(Class<?> type, String name) throws NoSuchMethodException {
    return type.getMethod(name);
  }

  private static void assertDeclaration(Class<?> resourceClass, Method method, String scope, String location) {
    SecurityDeclaration declaration = SecurityDeclaration.of(resourceClass, method);

    assertThat(declaration.annotation()).isNotNull();
    assertThat(declaration.annotation().scope()).isEqualTo(scope);
    assertThat(declaration.location()).isEqualTo(location);
  }
}
