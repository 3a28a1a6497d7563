package io.pgextra.hibernate.internal.conflict;

import java.util.List;
import java.util.Objects;

import io.pgextra.hibernate.ConflictCondition;
import io.pgextra.hibernate.ConflictExpression;

/**
 * The nodes behind {@link ConflictExpression} and {@link ConflictCondition}. Each renders itself into SQL through
 * a {@link Renderer}, which resolves attributes to quoted columns and turns constants into bind parameters.
 */
public final class Expressions {

	private Expressions() {
	}

	/** Resolves attribute names and collects bind parameters while a node renders. */
	public interface Renderer {
		/** @return the quoted column of the existing row, e.g. {@code pgx_t."hits"} */
		String existing(String attribute);

		/** @return the quoted column of the proposed row, e.g. {@code EXCLUDED."hits"} */
		String excluded(String attribute);

		/**
		 * Appends a bind parameter holding {@code value}.
		 *
		 * @param attribute the attribute the constant is assigned to or compared with, or {@code null}: its mapping
		 * (converter, enum representation, column type) then binds the constant, as Hibernate binds a parameter
		 * compared with an attribute in HQL
		 */
		void constant(StringBuilder sql, Object value, String attribute);
	}

	/** A node that renders SQL. */
	public interface Node {
		void render(StringBuilder sql, Renderer renderer);
	}

	static void render(Object expression, StringBuilder sql, Renderer renderer) {
		render( expression, sql, renderer, null );
	}

	/** Renders, typing a bare constant by {@code attribute}. */
	static void render(Object expression, StringBuilder sql, Renderer renderer, String attribute) {
		if ( !( expression instanceof Node node ) ) {
			throw new IllegalArgumentException( "Unsupported expression " + expression
					+ ": build expressions with the factory methods of ConflictExpression" );
		}
		if ( node instanceof Constant constant ) {
			renderer.constant( sql, constant.value(), attribute );
		}
		else {
			node.render( sql, renderer );
		}
	}

	/** @return the attribute an expression reads directly, to type constants next to it; otherwise {@code null} */
	static String attributeOf(Object expression) {
		if ( expression instanceof Existing existing ) {
			return existing.attribute();
		}
		if ( expression instanceof Excluded excluded ) {
			return excluded.attribute();
		}
		if ( expression instanceof Binary binary ) {
			String attribute = attributeOf( binary.left() );
			return attribute != null ? attribute : attributeOf( binary.right() );
		}
		if ( expression instanceof Function function ) {
			for ( ConflictExpression argument : function.arguments() ) {
				String attribute = attributeOf( argument );
				if ( attribute != null ) {
					return attribute;
				}
			}
		}
		return null;
	}

	private static void renderOperands(Object left, String operator, Object right, StringBuilder sql, Renderer renderer) {
		sql.append( '(' );
		render( left, sql, renderer, attributeOf( right ) );
		sql.append( ' ' ).append( operator ).append( ' ' );
		render( right, sql, renderer, attributeOf( left ) );
		sql.append( ')' );
	}

	public record Existing(String attribute) implements ConflictExpression, Node {
		public Existing {
			Objects.requireNonNull( attribute, "attribute" );
		}

		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			sql.append( renderer.existing( attribute ) );
		}
	}

	public record Excluded(String attribute) implements ConflictExpression, Node {
		public Excluded {
			Objects.requireNonNull( attribute, "attribute" );
		}

		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			sql.append( renderer.excluded( attribute ) );
		}
	}

	public record Constant(Object value) implements ConflictExpression, Node {
		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			renderer.constant( sql, value, null );
		}
	}

	public record Function(String name, List<ConflictExpression> arguments) implements ConflictExpression, Node {
		public Function(String name, ConflictExpression... arguments) {
			this( name, List.of( arguments ) );
			if ( arguments.length == 0 ) {
				throw new IllegalArgumentException( name + "() needs at least one argument" );
			}
		}

		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			sql.append( name ).append( '(' );
			String attribute = attributeOf( this );
			for ( int i = 0; i < arguments.size(); i++ ) {
				if ( i > 0 ) {
					sql.append( ", " );
				}
				Expressions.render( arguments.get( i ), sql, renderer, attribute );
			}
			sql.append( ')' );
		}
	}

	public record Binary(ConflictExpression left, String operator, ConflictExpression right)
			implements ConflictExpression, Node {
		public Binary {
			Objects.requireNonNull( left, "left" );
			Objects.requireNonNull( right, "right" );
		}

		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			renderOperands( left, operator, right, sql, renderer );
		}
	}

	public record Comparison(ConflictExpression left, String operator, ConflictExpression right)
			implements ConflictCondition, Node {
		public Comparison {
			Objects.requireNonNull( left, "left" );
			Objects.requireNonNull( right, "right" );
		}

		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			renderOperands( left, operator, right, sql, renderer );
		}
	}

	public record Postfix(ConflictExpression operand, String operator) implements ConflictCondition, Node {
		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			sql.append( '(' );
			Expressions.render( operand, sql, renderer );
			sql.append( ' ' ).append( operator ).append( ')' );
		}
	}

	public record Logical(ConflictCondition left, String operator, ConflictCondition right)
			implements ConflictCondition, Node {
		public Logical {
			Objects.requireNonNull( left, "left" );
			Objects.requireNonNull( right, "right" );
		}

		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			renderOperands( left, operator, right, sql, renderer );
		}
	}

	public record Not(ConflictCondition operand) implements ConflictCondition, Node {
		public Not {
			Objects.requireNonNull( operand, "operand" );
		}

		@Override
		public void render(StringBuilder sql, Renderer renderer) {
			sql.append( "(NOT " );
			Expressions.render( operand, sql, renderer );
			sql.append( ')' );
		}
	}
}
