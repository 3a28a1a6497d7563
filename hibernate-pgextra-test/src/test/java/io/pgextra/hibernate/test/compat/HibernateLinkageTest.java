package io.pgextra.hibernate.test.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgextra.hibernate.internal.compat.HibernateCompat;
import io.pgextra.hibernate.internal.compat.HibernateVersion;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * Every Hibernate member the compiled library refers to links on the Hibernate the tests run on: same owner, name,
 * parameter types and return (or field) type as in the library's bytecode, which was compiled against the newest
 * 7.4. Only the seam's {@code HibernateCompat.SinceNN} classes may refer to what an older line lacks: they are loaded
 * only on NN and later, so they are skipped when the running line is older. This catches a call that compiles
 * against every line but does not link on one (7.2 changed the declared return type of
 * {@code AbstractEvent.getSession()}, for instance), also in code paths no other test reaches.
 */
class HibernateLinkageTest {

	private static final Pattern SINCE = Pattern.compile( "\\$Since(\\d)(\\d)$" );

	@Test
	void everyHibernateReferenceOfTheLibraryLinksOnTheRunningHibernate() {
		JavaClasses library = new ClassFileImporter()
				.withImportOption( ImportOption.Predefined.DO_NOT_INCLUDE_TESTS )
				.withImportOption( location -> !location.contains( "/hibernate-pgextra-test/" ) )
				.importPackages( "io.pgextra.hibernate" );
		HibernateVersion running = HibernateCompat.get().version();
		Set<String> broken = new TreeSet<>();
		int checked = 0;
		for ( JavaClass javaClass : library ) {
			Matcher since = SINCE.matcher( javaClass.getName() );
			if ( since.find() && !running.atLeast( Integer.parseInt( since.group( 1 ) ),
					Integer.parseInt( since.group( 2 ) ) ) ) {
				continue; // never loaded on this line
			}
			for ( JavaAccess<?> access : javaClass.getAccessesFromSelf() ) {
				AccessTarget target = access.getTarget();
				String owner = target.getOwner().getName();
				if ( !owner.startsWith( "org.hibernate." ) ) {
					continue;
				}
				checked++;
				String problem = problem( access, target );
				if ( problem != null ) {
					broken.add( javaClass.getName() + " -> " + owner + "." + target.getName() + ": " + problem );
				}
			}
		}
		assertThat( checked ).as( "Hibernate references checked" ).isGreaterThan( 300 );
		assertThat( broken ).as( "references that do not link on Hibernate ORM %s", running.text() ).isEmpty();
	}

	private static String problem(JavaAccess<?> access, AccessTarget target) {
		ClassLoader loader = HibernateLinkageTest.class.getClassLoader();
		try {
			Class<?> owner = Class.forName( target.getOwner().getName(), false, loader );
			if ( access instanceof JavaFieldAccess ) {
				Class<?> type = Class.forName( ( (AccessTarget.FieldAccessTarget) target ).getRawType().getName(), false,
						loader );
				Field field = field( owner, target.getName() );
				return field == null ? "no such field" : field.getType() == type ? null : "field of type " + field.getType();
			}
			AccessTarget.CodeUnitAccessTarget codeUnit = (AccessTarget.CodeUnitAccessTarget) target;
			List<Class<?>> parameters = new ArrayList<>();
			for ( JavaClass parameter : codeUnit.getRawParameterTypes() ) {
				parameters.add( load( parameter, loader ) );
			}
			Class<?>[] parameterArray = parameters.toArray( new Class<?>[0] );
			if ( target instanceof AccessTarget.ConstructorCallTarget
					|| target instanceof AccessTarget.ConstructorReferenceTarget ) {
				owner.getDeclaredConstructor( parameterArray );
				return null;
			}
			Class<?> returnType = load( codeUnit.getRawReturnType(), loader );
			return method( owner, target.getName(), parameterArray, returnType, new HashSet<>() ) ? null
					: "no method " + target.getName() + Arrays.toString( parameterArray ) + " returning " + returnType.getName();
		}
		catch (ClassNotFoundException | NoClassDefFoundError e) {
			return "missing class " + e.getMessage();
		}
		catch (NoSuchMethodException e) {
			return "no such constructor";
		}
	}

	private static Class<?> load(JavaClass type, ClassLoader loader) throws ClassNotFoundException {
		if ( type.isPrimitive() ) {
			return type.reflect();
		}
		if ( type.isArray() ) {
			return load( type.getComponentType(), loader ).arrayType();
		}
		return Class.forName( type.getName(), false, loader );
	}

	private static Field field(Class<?> c, String name) {
		for ( Class<?> k = c; k != null; k = k.getSuperclass() ) {
			for ( Field f : k.getDeclaredFields() ) {
				if ( f.getName().equals( name ) ) {
					return f;
				}
			}
			for ( Class<?> i : k.getInterfaces() ) {
				Field f = field( i, name );
				if ( f != null ) {
					return f;
				}
			}
		}
		return null;
	}

	private static boolean method(Class<?> c, String name, Class<?>[] parameters, Class<?> returnType,
			Set<Class<?>> visited) {
		if ( c == null || !visited.add( c ) ) {
			return false;
		}
		for ( Method m : c.getDeclaredMethods() ) {
			if ( m.getName().equals( name ) && m.getReturnType() == returnType
					&& Arrays.equals( m.getParameterTypes(), parameters ) ) {
				return true;
			}
		}
		if ( method( c.getSuperclass(), name, parameters, returnType, visited ) ) {
			return true;
		}
		for ( Class<?> i : c.getInterfaces() ) {
			if ( method( i, name, parameters, returnType, visited ) ) {
				return true;
			}
		}
		return c.isInterface() && method( Object.class, name, parameters, returnType, visited );
	}
}
