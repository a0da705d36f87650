/// A value kept in one shared box: copies of its holder share the box (one retain) until one of them changes
/// the value, which first copies it unless that holder is the box's only one.
///
/// For large value types copied into many indexes (a run's goals and findings) but seldom changed.
public struct CopyOnWrite<Value> {
    @usableFromInline final class Box {
        @usableFromInline var value: Value
        @usableFromInline init(_ value: Value) { self.value = value }
    }

    @usableFromInline var box: Box

    @inlinable public init(_ value: Value) { box = Box(value) }

    @inlinable public var value: Value {
        get { box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    /// Whether two holders share one box (their values are then equal without comparing them).
    @inlinable public func isShared(with other: CopyOnWrite<Value>) -> Bool { box === other.box }
}

/// The box is changed only by a holder that is its only one, so sharing it between threads is safe.
extension CopyOnWrite: @unchecked Sendable where Value: Sendable {}
