package io.pgextra.hibernate.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import io.pgextra.hibernate.internal.PgExtraEntityManagerImpl;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.junit.jupiter.api.Test;

import jakarta.persistence.EntityManager;

/** The package is the contract: the API never exposes {@code internal} types. */
class ArchitectureTest {

	private static final JavaClasses LIBRARY = new ClassFileImporter()
			.withImportOption( ImportOption.Predefined.DO_NOT_INCLUDE_TESTS )
			.withImportOption( location -> !location.contains( "/hibernate-pgextra-test/" ) )
			.importPackages( "io.pgextra.hibernate" );

	@Test
	void publicApiSignaturesDoNotMentionInternalTypes() {
		codeUnits().that().areDeclaredInClassesThat().resideOutsideOfPackage( "..internal.." )
				.and().areDeclaredInClassesThat().arePublic()
				.and().doNotHaveModifier( JavaModifier.PRIVATE )
				.should( new ArchCondition<JavaCodeUnit>( "not mention internal types in their signature" ) {
					@Override
					public void check(JavaCodeUnit unit, ConditionEvents events) {
						List<JavaClass> types = new ArrayList<>( unit.getRawParameterTypes() );
						types.add( unit.getRawReturnType() );
						for ( JavaClass type : types ) {
							if ( type.getPackageName().contains( ".internal" ) ) {
								events.add( SimpleConditionEvent.violated( unit, unit.getFullName() + " exposes " + type.getName() ) );
							}
						}
					}
				} )
				.check( LIBRARY );
	}

	@Test
	void publicTypesLiveInTheApiPackagesOrInInternal() {
		classes().that().arePublic().and().areTopLevelClasses()
				.should().resideInAnyPackage( "io.pgextra.hibernate", "io.pgextra.hibernate.hstore",
						"io.pgextra.hibernate.signals", "io.pgextra.hibernate.spi", "io.pgextra.hibernate.internal.." )
				.check( LIBRARY );
	}

	@Test
	void wrapperOverridesEveryEntityManagerMethodSoNothingFallsThroughToADefault() throws Exception {
		List<String> missing = new ArrayList<>();
		for ( Method method : EntityManager.class.getMethods() ) {
			if ( Modifier.isStatic( method.getModifiers() ) ) {
				continue;
			}
			Method implementation = PgExtraEntityManagerImpl.class.getMethod( method.getName(), method.getParameterTypes() );
			if ( implementation.getDeclaringClass() != PgExtraEntityManagerImpl.class ) {
				missing.add( method.toString() );
			}
		}
		assertThat( missing ).isEmpty();
	}
}
